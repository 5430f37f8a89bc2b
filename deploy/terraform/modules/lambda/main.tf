# The stream handler: a published Java function behind the alias `live`, which the event source
# mapping invokes (never $LATEST), so SnapStart snapshots apply and deploys switch atomically.

locals {
  log_group_name = "/aws/lambda/${var.function_name}"

  # Every -Xms of java_tool_options, in MiB (a JVM refuses to start with one above its heap limit).
  initial_heap_mib = [for xms in regexall("-Xms([0-9]+)([kKmMgG]?)(?:\\s|$)", var.java_tool_options) :
  tonumber(xms[0]) * lookup({ "" = 1 / 1048576, k = 1 / 1024, K = 1 / 1024, m = 1, M = 1, g = 1024, G = 1024 }, xms[1])]
}

# Created before the function so Lambda never creates it without retention.
resource "aws_cloudwatch_log_group" "this" {
  name              = local.log_group_name
  retention_in_days = var.log_retention_in_days
  kms_key_id        = var.log_kms_key_arn

  tags = var.tags
}

resource "aws_lambda_function" "this" {
  function_name = var.function_name
  description   = var.description
  role          = var.role_arn

  runtime       = "java21"
  handler       = var.handler
  architectures = [var.architecture]
  memory_size   = var.memory_size
  timeout       = var.timeout

  filename         = var.artifact_path
  source_code_hash = filebase64sha256(var.artifact_path)
  publish          = true

  reserved_concurrent_executions = var.reserved_concurrent_executions

  environment {
    # JAVA_TOOL_OPTIONS only when there are options, filtered by a for as local.environment is.
    variables = merge(var.environment_variables, { for name, value in { JAVA_TOOL_OPTIONS = var.java_tool_options } : name => value if value != "" })
  }

  dynamic "snap_start" {
    for_each = var.snap_start_enabled ? ["PublishedVersions"] : []
    content {
      apply_on = snap_start.value
    }
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.this.name
    application_log_level = var.application_log_level
    system_log_level      = var.system_log_level
  }

  dynamic "tracing_config" {
    for_each = var.tracing_enabled ? ["Active"] : []
    content {
      mode = tracing_config.value
    }
  }

  lifecycle {
    precondition {
      condition     = alltrue([for mib in local.initial_heap_mib : mib < 0.85 * var.memory_size])
      error_message = "The function's JVM options (java_tool_options; lambda_java_tool_options at the root) set -Xms to ${jsonencode(local.initial_heap_mib)} MiB, and the Java runtime limits the heap to 85 % of the memory size, ${floor(0.85 * var.memory_size)} MiB here: the JVM would not start."
    }
  }

  tags = var.tags
}

resource "aws_lambda_alias" "this" {
  name             = var.alias_name
  description      = "The version the event source mapping invokes."
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}
