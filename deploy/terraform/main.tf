# Eddy in one apply: DynamoDB table + stream -> Java Lambda (alias `live`) -> alerts, change
# events and projections. See README.md.

data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}
data "aws_region" "current" {}

locals {
  function_name         = coalesce(var.function_name, "${var.name}-stream-handler")
  projection_table_name = coalesce(var.projection_table_name, "${var.name}-projections")
  ledger_table_name     = coalesce(var.ledger_table_name, "${var.name}-delivery-ledger")
  on_failure_queue_name = "${var.name}-stream-failures"

  # Relative paths are relative to this module's directory, so the default works both from
  # deploy/terraform and when this module is called from examples/.
  artifact_path = startswith(var.lambda_artifact_path, "/") ? var.lambda_artifact_path : "${path.module}/${var.lambda_artifact_path}"

  tags = merge({ Application = "eddy" }, var.tags)

  # The ARNs IAM needs are derived from names so the role does not depend on the resources that
  # depend on it (the function needs the role; the mapping checks the role's permissions).
  account_id           = data.aws_caller_identity.current.account_id
  arn_prefix           = "arn:${data.aws_partition.current.partition}"
  region               = data.aws_region.current.region
  log_group_arn        = "${local.arn_prefix}:logs:${local.region}:${local.account_id}:log-group:/aws/lambda/${local.function_name}"
  on_failure_queue_arn = "${local.arn_prefix}:sqs:${local.region}:${local.account_id}:${local.on_failure_queue_name}"

  # The rules and projections as compact JSON. Lambda gives a function 4 KB of environment in all, so
  # past 1 KiB they go gzip-compressed and base64-encoded (base64gzip), which the code reads back.
  alert_rules_json = length(var.alert_rules) > 0 ? jsonencode([for rule in var.alert_rules : merge(rule, { pattern = jsondecode(rule.pattern) })]) : ""
  projections_json = length(var.projections) > 0 ? jsonencode(var.projections) : ""

  # The settings the code reads (enum dev.eddy.bootstrap.lambda.Setting). Empty settings are left
  # out so the code's defaults apply.
  environment_candidates = {
    ALERT_RULES              = length(local.alert_rules_json) > 1024 ? base64gzip(local.alert_rules_json) : local.alert_rules_json
    ALERT_TOPIC_ARN          = module.alerts.alert_topic_arn
    CHANGE_TOPIC_ARN         = module.alerts.change_topic_arn
    CHANGE_EVENT_FILTER      = var.change_event_filter == null ? "" : var.change_event_filter
    PROJECTION_TABLE         = module.dynamodb.projection_table_name
    PROJECTIONS              = length(local.projections_json) > 1024 ? base64gzip(local.projections_json) : local.projections_json
    LEDGER_TABLE             = module.dynamodb.ledger_table_name
    DEAD_LETTER_TOPIC_ARN    = module.alerts.dead_letter_topic_arn
    LOG_ITEM_VALUES          = var.log_item_values ? "true" : ""
    TIMEOUT_SAFETY_MARGIN_MS = var.timeout_safety_margin_ms == null ? "" : tostring(var.timeout_safety_margin_ms)
  }
  environment = { for name, value in local.environment_candidates : name => value if value != "" }
}

module "dynamodb" {
  source = "./modules/dynamodb"

  table_name                     = var.table_name
  ttl_attribute                  = var.ttl_attribute
  projection_table_name          = local.projection_table_name
  projection_ttl_attribute       = var.projection_ttl_attribute
  ledger_table_name              = local.ledger_table_name
  point_in_time_recovery_enabled = var.point_in_time_recovery_enabled
  deletion_protection_enabled    = var.deletion_protection_enabled
  kms_key_arn                    = var.kms_key_arn

  tags = local.tags
}

# A projection item keeps the sequence number of the last record applied to it and takes a lower one
# for a replay. Sequence numbers compare only within a shard, so the records that feed one item must
# come from one partition of the source table (README, "Exactly once, without a ledger lookup"). A
# warning, not a refusal: a key that never spans two partitions (one derived from the partition key)
# is safe too.
check "projections_keyed_by_the_source_partition_key" {
  assert {
    condition = alltrue([for projection in var.projections :
    coalesce(try(tostring(projection.partitionKey), null), module.dynamodb.partition_key) == module.dynamodb.partition_key])
    error_message = join("", [
      "Not keyed by the source table's partition key, ${module.dynamodb.partition_key}: ",
      join(", ", [for projection in var.projections : "${try(tostring(projection.name), "?")} (partitionKey ${try(tostring(projection.partitionKey), "?")})"
      if coalesce(try(tostring(projection.partitionKey), null), module.dynamodb.partition_key) != module.dynamodb.partition_key]),
      ". Items of several partitions feed one projection item from different shards, whose sequence numbers do not compare,",
      " and its guard drops some of their changes as replays, silently. Key projections by ${module.dynamodb.partition_key},",
      " unless the key never spans two partitions.",
    ])
  }
}

# The code stops taking records when less than the margin is left; a batch that starts with less than
# the margin runs degraded, stopping at half its time (docs/reliability.md). A warning: the deployment
# works, badly.
check "safety_margin_leaves_time_for_records" {
  assert {
    condition     = coalesce(var.timeout_safety_margin_ms, 3000) * 2 <= var.lambda_timeout * 1000
    error_message = "timeout_safety_margin_ms (${coalesce(var.timeout_safety_margin_ms, 3000)} ms) is more than half of lambda_timeout (${var.lambda_timeout} s): the records get less than half of each invocation, and a margin at or above the timeout makes every batch run degraded, stopping at half its time. Raise lambda_timeout or lower the margin."
  }
}

# Every alarm notifies the alarm topic and alarm_actions; with no subscriber and no action, an alarm
# changes state and tells nobody. A warning: someone may subscribe to the alarm_topic_arn output
# outside this configuration.
check "alarms_notify_someone" {
  assert {
    condition     = length(var.alarm_actions) > 0 || (var.create_alarm_topic && length(var.alarm_email_addresses) > 0)
    error_message = "No alarm notifies anyone: alarm_email_addresses and alarm_actions are both empty${var.create_alarm_topic ? "" : " and create_alarm_topic is false"}. Set alarm_email_addresses (and confirm the subscription e-mail AWS sends) or alarm_actions (e.g. an existing on-call topic), or subscribe to the alarm_topic_arn output yourself."
  }
}

module "alerts" {
  source = "./modules/alerts"

  name                                = var.name
  kms_key_arn                         = var.kms_key_arn
  dead_letter_queue_retention_seconds = var.dead_letter_queue_retention_seconds
  alert_email_subscriptions           = var.alert_email_subscriptions
  alert_https_subscriptions           = var.alert_https_subscriptions

  tags = local.tags
}

module "iam" {
  source = "./modules/iam"

  role_name            = "${local.function_name}-role"
  stream_arn           = module.dynamodb.stream_arn
  topic_arns           = module.alerts.topic_arns
  projection_table_arn = module.dynamodb.projection_table_arn
  ledger_table_arn     = module.dynamodb.ledger_table_arn
  log_group_arn        = local.log_group_arn
  on_failure_queue_arn = local.on_failure_queue_arn
  kms_key_arns         = var.kms_key_arn == null ? [] : [var.kms_key_arn]
  tracing_enabled      = var.tracing_enabled

  tags = local.tags
}

module "lambda" {
  source = "./modules/lambda"

  function_name         = local.function_name
  role_arn              = module.iam.role_arn
  artifact_path         = local.artifact_path
  architecture          = var.lambda_architecture
  handler               = var.lambda_handler
  memory_size           = var.lambda_memory_size
  timeout               = var.lambda_timeout
  environment_variables = local.environment
  java_tool_options     = var.lambda_java_tool_options
  snap_start_enabled    = var.snap_start_enabled
  tracing_enabled       = var.tracing_enabled
  log_retention_in_days = var.log_retention_in_days
  application_log_level = var.application_log_level

  tags = local.tags
}

module "event_mapping" {
  source = "./modules/event-mapping"

  event_source_arn                   = module.dynamodb.stream_arn
  function_alias_arn                 = module.lambda.alias_arn
  starting_position                  = var.starting_position
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.maximum_batching_window_in_seconds
  parallelization_factor             = var.parallelization_factor
  requires_partition_order           = length(var.projections) > 0
  maximum_retry_attempts             = var.maximum_retry_attempts
  maximum_record_age_in_seconds      = var.maximum_record_age_in_seconds
  filter_patterns                    = var.stream_filter_patterns
  on_failure_queue_name              = local.on_failure_queue_name
  kms_key_arn                        = var.kms_key_arn

  tags = local.tags
}

module "monitoring" {
  source = "./modules/monitoring"

  name                      = var.name
  region                    = local.region
  function_name             = module.lambda.function_name
  timeout_seconds           = module.lambda.timeout
  on_failure_queue_name     = module.event_mapping.on_failure_queue_name
  dead_letter_queue_name    = module.alerts.dead_letter_queue_name
  dead_letter_topic_name    = module.alerts.dead_letter_topic_name
  iterator_age_threshold_ms = var.iterator_age_alarm_threshold_ms
  create_alarm_topic        = var.create_alarm_topic
  alarm_topic_kms_key_arn   = var.alarm_topic_kms_key_arn
  alarm_email_addresses     = var.alarm_email_addresses
  alarm_actions             = var.alarm_actions
  create_dashboard          = var.create_dashboard

  tags = local.tags
}
