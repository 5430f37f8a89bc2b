# Eddy's tables: the source table whose stream drives the function, the projection table the
# function writes read models into, and the delivery ledger that makes effects idempotent.

locals {
  # server_side_encryption.enabled = false means "AWS owned key" (still encrypted at rest);
  # true with a key ARN means that customer managed key; true without one means aws/dynamodb.
  sse_enabled = var.kms_key_arn != null
}

resource "aws_dynamodb_table" "this" {
  name         = var.table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = var.partition_key
  range_key    = var.sort_key

  attribute {
    name = var.partition_key
    type = "S"
  }

  attribute {
    name = var.sort_key
    type = "N"
  }

  stream_enabled   = true
  stream_view_type = "NEW_AND_OLD_IMAGES"

  ttl {
    enabled        = true
    attribute_name = var.ttl_attribute
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery_enabled
  }

  server_side_encryption {
    enabled     = local.sse_enabled
    kms_key_arn = var.kms_key_arn
  }

  deletion_protection_enabled = var.deletion_protection_enabled

  tags = merge(var.tags, { Name = var.table_name })
}

resource "aws_dynamodb_table" "projection" {
  name         = var.projection_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "pk"
  range_key    = "sk"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  dynamic "ttl" {
    for_each = var.projection_ttl_attribute == null ? [] : [var.projection_ttl_attribute]
    content {
      enabled        = true
      attribute_name = ttl.value
    }
  }

  point_in_time_recovery {
    enabled = var.point_in_time_recovery_enabled
  }

  server_side_encryption {
    enabled     = local.sse_enabled
    kms_key_arn = var.kms_key_arn
  }

  deletion_protection_enabled = var.deletion_protection_enabled

  tags = merge(var.tags, { Name = var.projection_table_name })
}

# Delivered notification ids, kept until expiresAt (epoch seconds) so a replayed batch never
# publishes an effect twice.
resource "aws_dynamodb_table" "ledger" {
  name         = var.ledger_table_name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  ttl {
    enabled        = true
    attribute_name = "expiresAt"
  }

  server_side_encryption {
    enabled     = local.sse_enabled
    kms_key_arn = var.kms_key_arn
  }

  deletion_protection_enabled = var.deletion_protection_enabled

  tags = merge(var.tags, { Name = var.ledger_table_name })
}
