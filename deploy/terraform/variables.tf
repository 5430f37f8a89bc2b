# ---------------------------------------------------------------------------------------------
# Naming and tags
# ---------------------------------------------------------------------------------------------

variable "name" {
  description = "Prefix of every name Eddy creates (function, role, topics, queues, dashboard)."
  type        = string
  default     = "eddy"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,40}$", var.name))
    error_message = "name must be 1-40 characters of a-z, A-Z, 0-9, '_' or '-'."
  }
}

variable "tags" {
  description = "Tags merged into every resource (Application = \"eddy\" is always added)."
  type        = map(string)
  default     = {}
}

# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------

variable "table_name" {
  description = "Name of the source table (partition key id S, sort key timestamp N) whose changes Eddy processes."
  type        = string
  default     = "RealTimeDataTable"
}

variable "ttl_attribute" {
  description = "TTL attribute (epoch seconds) of the source table; items DynamoDB expires become Expired changes."
  type        = string
  default     = "expiresAt"
}

variable "projection_table_name" {
  description = "Name of the projection table (pk S / sk S); null = \"<name>-projections\"."
  type        = string
  default     = null
}

variable "projection_ttl_attribute" {
  description = "TTL attribute of the projection table, or null (the default) for none. Eddy writes no expiry of its own: a projection item expires only when a latest projection copies an epoch-seconds attribute to this name (its attributes map, e.g. expiresAt = \"expiresAt\"); aggregate items never carry one."
  type        = string
  default     = null
}

variable "ledger_table_name" {
  description = "Name of the delivery ledger table (id S, TTL expiresAt); null = \"<name>-delivery-ledger\"."
  type        = string
  default     = null
}

variable "point_in_time_recovery_enabled" {
  description = "Enable point-in-time recovery on the source and projection tables."
  type        = bool
  default     = true
}

variable "deletion_protection_enabled" {
  description = "Protect the tables from deletion; set false (and apply) before `terraform destroy`."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for tables, topics and queues; null = AWS owned/managed keys (alias/aws/sns, SSE-SQS). Its key policy must allow sns.amazonaws.com to use it for the dead-letter queue."
  type        = string
  default     = null

  validation {
    condition     = var.kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.kms_key_arn))
    error_message = "kms_key_arn must be a KMS key ARN, arn:aws:kms:<region>:<account>:key/<key id>, not an alias: the role's KMS permissions are granted on it, and a grant on an alias does not cover its key."
  }
}

# ---------------------------------------------------------------------------------------------
# Function
# ---------------------------------------------------------------------------------------------

variable "function_name" {
  description = "Name of the Lambda function; null = \"<name>-stream-handler\"."
  type        = string
  default     = null

  validation {
    condition     = var.function_name == null || can(regex("^[a-zA-Z0-9_-]{1,59}$", var.function_name))
    error_message = "function_name must be 1-59 characters of a-z, A-Z, 0-9, '_' or '-': Lambda allows 64, but the execution role is named <function_name>-role, and IAM allows 64."
  }
}

variable "lambda_artifact_path" {
  description = "The jar `./mvnw package` builds; relative paths are relative to deploy/terraform (this module's directory)."
  type        = string
  default     = "../../bootstrap-lambda/target/eddy-lambda.jar"

  validation {
    condition     = endswith(var.lambda_artifact_path, ".jar") || endswith(var.lambda_artifact_path, ".zip")
    error_message = "lambda_artifact_path must name a .jar or .zip file."
  }
}

variable "lambda_architecture" {
  description = "Instruction set of the function: x86_64 or arm64."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.lambda_architecture)
    error_message = "lambda_architecture must be x86_64 or arm64."
  }
}

variable "lambda_handler" {
  description = "Handler of the function. The default, StreamingHandler, reads the event bytes straight into domain changes and isolates a malformed record; dev.eddy.bootstrap.lambda.StreamHandler::handleRequest is the reference path through the runtime's POJOs, which fails the whole batch on a malformed record. Both are wired by the same composition root."
  type        = string
  default     = "dev.eddy.bootstrap.lambda.StreamingHandler::handleRequest"

  validation {
    condition     = contains(["dev.eddy.bootstrap.lambda.StreamingHandler::handleRequest", "dev.eddy.bootstrap.lambda.StreamHandler::handleRequest"], var.lambda_handler)
    error_message = "lambda_handler must be dev.eddy.bootstrap.lambda.StreamingHandler::handleRequest or dev.eddy.bootstrap.lambda.StreamHandler::handleRequest."
  }
}

variable "lambda_memory_size" {
  description = "Memory of the function in MB."
  type        = number
  default     = 256

  validation {
    condition     = var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240
    error_message = "lambda_memory_size must be between 128 and 10240 MB."
  }
}

variable "lambda_timeout" {
  description = "Timeout of one invocation in seconds."
  type        = number
  default     = 30

  validation {
    condition     = var.lambda_timeout >= 1 && var.lambda_timeout <= 900
    error_message = "lambda_timeout must be between 1 and 900 seconds."
  }
}

variable "lambda_java_tool_options" {
  description = "JVM options of the function (its JAVA_TOOL_OPTIONS); \"\" sets none. The default starts the heap at 64 MiB instead of the 8 MiB the JVM picks at 256 MB: 3 young collections in init instead of about 20, and fewer in the first batch (none in a logged start): a 0.95x on-demand cold start side by side, for about 15 MiB more resident memory (docs/performance.md). -Xms must stay below 85 % of lambda_memory_size, the heap limit the runtime sets (the plan fails otherwise)."
  type        = string
  nullable    = false
  default     = "-Xms64m"

  validation {
    condition     = !can(regex("[\\r\\n]", var.lambda_java_tool_options))
    error_message = "lambda_java_tool_options must be one line."
  }
}

variable "snap_start_enabled" {
  description = "Enable SnapStart on published versions."
  type        = bool
  default     = true
}

variable "tracing_enabled" {
  description = "Enable active X-Ray tracing (and the IAM permissions it needs)."
  type        = bool
  default     = false
}

variable "log_retention_in_days" {
  description = "Retention of the function's log group in days."
  type        = number
  default     = 30

  validation {
    condition     = contains([1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.log_retention_in_days)
    error_message = "log_retention_in_days must be one of the values CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, ...)."
  }
}

variable "application_log_level" {
  description = "Minimum level of the function's log lines: INFO (the batch summaries, warnings, errors and metrics) or DEBUG / TRACE (also one line per change, the change journal)."
  type        = string
  default     = "INFO"

  # Eddy's metrics are EMF log lines, which have no level: Lambda files them as INFO, so any
  # level above INFO would drop them, and the dashboard would go blank with no error anywhere.
  validation {
    condition     = contains(["TRACE", "DEBUG", "INFO"], var.application_log_level)
    error_message = "application_log_level must be TRACE, DEBUG or INFO: Eddy's metrics are EMF log lines without a level, which Lambda files as INFO and would drop at WARN, ERROR or FATAL. DEBUG adds one line per change (the change journal)."
  }
}

# ---------------------------------------------------------------------------------------------
# What the function does (environment variables, see dev.eddy.bootstrap.lambda.Setting)
# ---------------------------------------------------------------------------------------------

variable "alert_rules" {
  description = <<-EOT
    Alert rules (ALERT_RULES). Each rule: name (unique), severity (INFO, WARNING or CRITICAL), an
    optional message template, and pattern: an EventBridge event pattern over the canonical change
    document (kind, table, keys, old, new, changed, at, eventId, sequenceNumber) as JSON text, e.g.
    jsonencode({ kind = ["EXPIRED"] }) or a <<-JSON heredoc in a .tfvars file; the module decodes it
    back into an object for ALERT_RULES. Typed `any`, checked by the validations below: an object
    type would make Terraform drop a misspelt key (`mesage`) without a word.
  EOT
  type        = any
  default     = []

  # An object type constraint would discard unknown keys silently, before any validation could see them.
  validation {
    condition = can(concat(var.alert_rules, [])) && try(alltrue([for rule in var.alert_rules : can(keys(rule)) && try(
      length(setsubtract(keys(rule), ["name", "severity", "message", "pattern"])) == 0
    && alltrue([for key in ["name", "severity", "pattern"] : contains(keys(rule), key)]), false)]), false)
    error_message = "alert_rules must be a list of objects with name, severity and pattern, and optionally message, and no other key${try(length(sort(distinct(flatten([for rule in var.alert_rules : setsubtract(keys(rule), ["name", "severity", "message", "pattern"])])))) > 0 ? " (unknown: ${join(", ", sort(distinct(flatten([for rule in var.alert_rules : setsubtract(keys(rule), ["name", "severity", "message", "pattern"])]))))})" : "", "")}${try(length(sort(distinct(flatten([for rule in var.alert_rules : setsubtract(["name", "severity", "pattern"], keys(rule))])))) > 0 ? " (missing: ${join(", ", sort(distinct(flatten([for rule in var.alert_rules : setsubtract(["name", "severity", "pattern"], keys(rule))]))))})" : "", "")}."
  }

  validation {
    condition     = try(alltrue([for rule in var.alert_rules : try(contains(["INFO", "WARNING", "CRITICAL"], rule.severity), !can(rule.severity))]), true)
    error_message = "Each alert rule's severity must be INFO, WARNING or CRITICAL."
  }

  validation {
    condition     = try(length(distinct([for rule in var.alert_rules : rule.name if can(rule.name)])) == length([for rule in var.alert_rules : rule if can(rule.name)]), true)
    error_message = "Alert rule names must be unique."
  }

  validation {
    condition     = try(alltrue([for rule in var.alert_rules : !can(rule.name) || (try(rule.name == tostring(rule.name), false) && can(regex("^[A-Za-z0-9_.-]{1,64}$", rule.name)))]), true)
    error_message = "Each alert rule's name must be a string of 1 to 64 characters of A-Z, a-z, 0-9, '_', '.' or '-' (it becomes part of the alert's SNS message attributes and ids)."
  }

  validation {
    condition     = try(alltrue([for rule in var.alert_rules : (!can(rule.pattern) || can(keys(jsondecode(rule.pattern)))) && (try(rule.message, null) == null || try(rule.message == tostring(rule.message), false))]), true)
    error_message = "Each alert rule's pattern must be a JSON object (an event pattern) as text, and its message, if it has one, a string."
  }

  # The function refuses these too, at start (with every other check of a pattern); the plan catches the commonest typos
  # sooner. A pattern that is not a JSON object passes here: the validation above names it.
  validation {
    condition = try(alltrue([for rule in var.alert_rules : try(alltrue([
      for field in concat(keys(jsondecode(rule.pattern)), flatten([for branch in try(jsondecode(rule.pattern)["$or"], []) : keys(branch)])) :
      contains(["$or", "kind", "table", "keys", "old", "new", "changed", "eventId", "sequenceNumber", "at"], field) || can(regex("^(keys|old|new)\\.", field))
    ]), true)]), true)
    error_message = "An alert rule's pattern names a field the change document does not have. Its fields, at the top level and in each $or branch, are kind, table, keys, old, new, changed, eventId, sequenceNumber and at (changed, not changedFields; new, not NewImage), or a dotted path below keys, old or new (new.limits.numeric)."
  }
}

variable "projections" {
  description = <<-EOT
    Projections (PROJECTIONS) written to the projection table: a list of objects, each with name,
    type ("latest" or "aggregate"), partitionKey and the type's own fields (attributes/onDelete/onExpire for
    "latest"; bucket {attribute, size}/values for "aggregate"). Typed `any` because the two shapes
    differ and Terraform's list(any) would demand one element type; the function validates the
    document at start and names any problem.
  EOT
  type        = any
  default     = []

  validation {
    condition     = can([for projection in var.projections : tostring(projection.name)])
    error_message = "projections must be a list of objects, each with a name."
  }
}

variable "change_event_filter" {
  description = "EventBridge pattern (JSON text) over the canonical change document selecting which changes are published to the change-event topic (CHANGE_EVENT_FILTER); null = publish every change."
  type        = string
  default     = null

  validation {
    condition     = var.change_event_filter == null || can(keys(jsondecode(coalesce(var.change_event_filter, "{}"))))
    error_message = "change_event_filter must be a JSON object (an event pattern)."
  }
}

variable "log_item_values" {
  description = "Log attribute values of items (LOG_ITEM_VALUES) in the change journal, whose lines are DEBUG: it needs application_log_level DEBUG or TRACE (at INFO the function warns that it has no effect). Off by default because items may hold personal data."
  type        = bool
  default     = false
}

variable "timeout_safety_margin_ms" {
  description = "Time (ms) before the function's timeout at which it stops taking new records and reports the rest for retry (TIMEOUT_SAFETY_MARGIN_MS). The default, 15000, gives one delivery window (notifications go out about 100 at a time as the batch goes) time for the SDK's bounded calls during a one-topic outage (ledger lookup 5 s + about 9.3 s of SNS attempts); deliveries keep to the invocation's time whatever the margin, failing for retry what they could not send; keep it well below lambda_timeout * 1000 (a batch that starts with less time than the margin stops at half its time instead, with a degraded warning). null = the code's default (3000)."
  type        = number
  default     = 15000

  validation {
    condition     = var.timeout_safety_margin_ms == null || (coalesce(var.timeout_safety_margin_ms, 0) >= 0 && coalesce(var.timeout_safety_margin_ms, 0) <= 60000 && floor(coalesce(var.timeout_safety_margin_ms, 0)) == coalesce(var.timeout_safety_margin_ms, 0))
    error_message = "timeout_safety_margin_ms must be a whole number of milliseconds between 0 and 60000."
  }
}

# ---------------------------------------------------------------------------------------------
# Event source mapping
# ---------------------------------------------------------------------------------------------

variable "starting_position" {
  description = "Where a new mapping starts reading the stream. TRIM_HORIZON (the default) starts at the oldest record the stream holds (24 hours), so nothing written before the mapping first polls is missed, on a first deployment or when the mapping is replaced. A replaced mapping reads up to 24 hours again; what was already processed repeats no effect (the ledger and the projections' sequence guard), but costs its reads and lookups again. LATEST skips the records written before it starts."
  type        = string
  default     = "TRIM_HORIZON"

  validation {
    condition     = contains(["LATEST", "TRIM_HORIZON"], var.starting_position)
    error_message = "starting_position must be LATEST or TRIM_HORIZON."
  }
}

variable "batch_size" {
  description = "Largest number of stream records per invocation."
  type        = number
  default     = 100

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000
    error_message = "batch_size must be between 1 and 10000."
  }
}

variable "maximum_batching_window_in_seconds" {
  description = "How long Lambda gathers records before invoking."
  type        = number
  default     = 0

  validation {
    condition     = var.maximum_batching_window_in_seconds >= 0 && var.maximum_batching_window_in_seconds <= 300
    error_message = "maximum_batching_window_in_seconds must be between 0 and 300."
  }
}

variable "parallelization_factor" {
  description = "Concurrent batches per shard. Must stay 1 when projections are configured: above 1, Lambda keeps records in order only per item, and a projection fed by several items would drop changes that arrive out of order (the plan fails)."
  type        = number
  default     = 1

  validation {
    condition     = var.parallelization_factor >= 1 && var.parallelization_factor <= 10
    error_message = "parallelization_factor must be between 1 and 10."
  }
}

variable "maximum_retry_attempts" {
  description = "Retries of a failing record before it goes to the on-failure queue."
  type        = number
  default     = 5

  validation {
    condition     = var.maximum_retry_attempts >= -1 && var.maximum_retry_attempts <= 10000
    error_message = "maximum_retry_attempts must be between -1 and 10000."
  }
}

variable "maximum_record_age_in_seconds" {
  description = "Oldest record age Lambda still sends to the function (-1 = no limit)."
  type        = number
  default     = 86400

  validation {
    condition     = var.maximum_record_age_in_seconds == -1 || (var.maximum_record_age_in_seconds >= 60 && var.maximum_record_age_in_seconds <= 604800)
    error_message = "maximum_record_age_in_seconds must be -1 or between 60 and 604800."
  }
}

variable "stream_filter_patterns" {
  description = "Lambda event filter patterns (JSON text) over the raw stream record, e.g. jsonencode({ eventName = [\"REMOVE\"] }); records matching none never invoke the function. Empty = every record. Lambda's default quota is 5 filters per event source mapping; up to 10 need a quota increase, or creating the mapping fails."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.stream_filter_patterns) <= 10 && alltrue([for p in var.stream_filter_patterns : can(keys(jsondecode(p)))])
    error_message = "stream_filter_patterns takes at most 10 patterns, each a JSON object."
  }
}

# ---------------------------------------------------------------------------------------------
# Alerts, dead letters and monitoring
# ---------------------------------------------------------------------------------------------

variable "alert_email_subscriptions" {
  description = "E-mail subscriptions to alerts, each with the severities it receives."
  type = list(object({
    address    = string
    severities = optional(list(string), ["WARNING", "CRITICAL"])
  }))
  default = []
}

variable "alert_https_subscriptions" {
  description = "HTTPS subscriptions to alerts, each with the severities it receives."
  type = list(object({
    endpoint             = string
    severities           = optional(list(string), ["INFO", "WARNING", "CRITICAL"])
    auto_confirms        = optional(bool, false)
    raw_message_delivery = optional(bool, false)
  }))
  default = []
}

variable "dead_letter_queue_retention_seconds" {
  description = "How long the dead-letter queue keeps quarantined records."
  type        = number
  default     = 1209600

  validation {
    condition     = var.dead_letter_queue_retention_seconds >= 60 && var.dead_letter_queue_retention_seconds <= 1209600
    error_message = "dead_letter_queue_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "iterator_age_alarm_threshold_ms" {
  description = "IteratorAge (ms) above which the iterator-age alarm fires."
  type        = number
  default     = 60000

  validation {
    condition     = var.iterator_age_alarm_threshold_ms > 0
    error_message = "iterator_age_alarm_threshold_ms must be positive."
  }
}

variable "create_alarm_topic" {
  description = "Create an SNS topic that all alarms notify."
  type        = bool
  default     = true
}

variable "alarm_topic_kms_key_arn" {
  description = "Customer managed KMS key for the alarm topic (its key policy must allow cloudwatch.amazonaws.com to use it), or null for an unencrypted topic. CloudWatch cannot publish to a topic encrypted with alias/aws/sns, so kms_key_arn is not used here."
  type        = string
  default     = null
}

variable "alarm_email_addresses" {
  description = "E-mail addresses subscribed to the alarm topic."
  type        = list(string)
  default     = []
}

variable "alarm_actions" {
  description = "Further ARNs notified by every alarm (e.g. an existing on-call topic)."
  type        = list(string)
  default     = []
}

variable "create_dashboard" {
  description = "Create the CloudWatch dashboard."
  type        = bool
  default     = true
}
