data "aws_iam_policy_document" "this" {
  # The event source mapping reads the stream with the function's role.
  statement {
    sid    = "ReadSourceStream"
    effect = "Allow"
    actions = [
      "dynamodb:DescribeStream",
      "dynamodb:GetRecords",
      "dynamodb:GetShardIterator",
    ]
    resources = [var.stream_arn]
  }

  # dynamodb:ListStreams does not support resource-level permissions: AWS requires "*" here.
  statement {
    sid       = "ListStreams"
    effect    = "Allow"
    actions   = ["dynamodb:ListStreams"]
    resources = ["*"]
  }

  statement {
    sid       = "PublishToEddyTopics"
    effect    = "Allow"
    actions   = ["sns:Publish"]
    resources = var.topic_arns
  }

  statement {
    sid    = "WriteProjections"
    effect = "Allow"
    actions = [
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:UpdateItem",
    ]
    resources = [var.projection_table_arn]
  }

  statement {
    sid    = "UseDeliveryLedger"
    effect = "Allow"
    actions = [
      "dynamodb:BatchGetItem",
      "dynamodb:BatchWriteItem",
    ]
    resources = [var.ledger_table_arn]
  }

  statement {
    sid    = "WriteOwnLogs"
    effect = "Allow"
    actions = [
      "logs:CreateLogStream",
      "logs:PutLogEvents",
    ]
    resources = ["${var.log_group_arn}:*"]
  }

  # The event source mapping sends records it gives up on to the on-failure queue with this role.
  statement {
    sid       = "SendFailedBatchesToOnFailureQueue"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [var.on_failure_queue_arn]
  }

  # Customer managed keys only: AWS managed/owned keys need no IAM grant.
  dynamic "statement" {
    for_each = length(var.kms_key_arns) > 0 ? [var.kms_key_arns] : []
    content {
      sid    = "UseCustomerManagedKeys"
      effect = "Allow"
      actions = [
        "kms:Decrypt",
        "kms:GenerateDataKey",
      ]
      resources = statement.value
    }
  }

  # X-Ray trace segments have no resource-level permissions: AWS requires "*" here.
  dynamic "statement" {
    for_each = var.tracing_enabled ? ["xray"] : []
    content {
      sid    = "WriteTraces"
      effect = "Allow"
      actions = [
        "xray:PutTelemetryRecords",
        "xray:PutTraceSegments",
      ]
      resources = ["*"]
    }
  }
}
