variable "event_source_arn" {
  description = "ARN of the DynamoDB stream to read."
  type        = string
}

variable "function_alias_arn" {
  description = "ARN of the function alias to invoke (an alias, never $LATEST)."
  type        = string

  validation {
    condition     = can(regex(":function:[^:]+:[^:$]+$", var.function_alias_arn))
    error_message = "function_alias_arn must be a qualified function ARN naming an alias."
  }
}

variable "enabled" {
  description = "Whether the mapping polls the stream."
  type        = bool
  default     = true
}

variable "starting_position" {
  description = "Where a new mapping starts reading the stream: TRIM_HORIZON (the oldest record it holds, up to 24 hours back) or LATEST (what is written after the mapping first polls)."
  type        = string
  default     = "TRIM_HORIZON"

  validation {
    condition     = contains(["LATEST", "TRIM_HORIZON"], var.starting_position)
    error_message = "starting_position must be LATEST or TRIM_HORIZON."
  }
}

variable "batch_size" {
  description = "Largest number of records in one invocation."
  type        = number
  default     = 100

  validation {
    condition     = var.batch_size >= 1 && var.batch_size <= 10000
    error_message = "batch_size must be between 1 and 10000."
  }
}

variable "maximum_batching_window_in_seconds" {
  description = "How long Lambda gathers records before invoking (0 = invoke as soon as records arrive)."
  type        = number
  default     = 0

  validation {
    condition     = var.maximum_batching_window_in_seconds >= 0 && var.maximum_batching_window_in_seconds <= 300
    error_message = "maximum_batching_window_in_seconds must be between 0 and 300."
  }
}

variable "parallelization_factor" {
  description = "Concurrent batches per shard. Above 1, Lambda keeps records in order only per item (partition and sort key), not per partition key: refused when requires_partition_order is true."
  type        = number
  default     = 1

  validation {
    condition     = var.parallelization_factor >= 1 && var.parallelization_factor <= 10
    error_message = "parallelization_factor must be between 1 and 10."
  }
}

variable "requires_partition_order" {
  description = "Whether the function needs the records of one partition key in stream order, across items: Eddy's projections do (a projection item fed by several source items keeps the highest sequence number it applied and takes a lower one for a replay). parallelization_factor must then be 1."
  type        = bool
  default     = false
}

variable "maximum_retry_attempts" {
  description = "Retries of a failing record before it goes to the on-failure queue (-1 = until it expires)."
  type        = number
  default     = 5

  validation {
    condition     = var.maximum_retry_attempts >= -1 && var.maximum_retry_attempts <= 10000
    error_message = "maximum_retry_attempts must be between -1 and 10000."
  }
}

variable "maximum_record_age_in_seconds" {
  description = "Oldest record age Lambda still sends to the function (-1 = no limit, else 60-604800)."
  type        = number
  default     = 86400

  validation {
    condition     = var.maximum_record_age_in_seconds == -1 || (var.maximum_record_age_in_seconds >= 60 && var.maximum_record_age_in_seconds <= 604800)
    error_message = "maximum_record_age_in_seconds must be -1 or between 60 and 604800."
  }
}

variable "filter_patterns" {
  description = "Lambda event filter patterns (JSON text) over the stream record; records matching none never invoke the function. Empty = no filtering."
  type        = list(string)
  default     = []

  validation {
    condition     = length(var.filter_patterns) <= 10 && alltrue([for p in var.filter_patterns : can(keys(jsondecode(p)))])
    error_message = "filter_patterns takes at most 10 patterns (Lambda's limit), each a JSON object."
  }
}

variable "on_failure_queue_name" {
  description = "Name of the SQS queue that receives metadata of records the mapping gives up on."
  type        = string
}

variable "on_failure_queue_retention_seconds" {
  description = "How long the on-failure queue keeps messages."
  type        = number
  default     = 1209600

  validation {
    condition     = var.on_failure_queue_retention_seconds >= 60 && var.on_failure_queue_retention_seconds <= 1209600
    error_message = "on_failure_queue_retention_seconds must be between 60 and 1209600 (14 days)."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for the on-failure queue, or null for SSE-SQS."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
