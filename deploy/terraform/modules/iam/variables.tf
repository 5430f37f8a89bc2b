variable "role_name" {
  description = "Name of the execution role."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters valid in an IAM role name."
  }
}

variable "stream_arn" {
  description = "ARN of the source table's stream."
  type        = string
}

variable "topic_arns" {
  description = "ARNs of the SNS topics the function publishes to (alerts, change events, dead letters)."
  type        = list(string)

  validation {
    condition     = length(var.topic_arns) > 0
    error_message = "topic_arns must name at least one topic."
  }
}

variable "projection_table_arn" {
  description = "ARN of the projection table."
  type        = string
}

variable "ledger_table_arn" {
  description = "ARN of the delivery ledger table."
  type        = string
}

variable "log_group_arn" {
  description = "ARN of the function's log group (without a trailing :*)."
  type        = string
}

variable "on_failure_queue_arn" {
  description = "ARN of the event source mapping's on-failure SQS queue."
  type        = string
}

variable "kms_key_arns" {
  description = "ARNs of the customer managed KMS keys that encrypt the stream, topics, tables or queues; empty when AWS managed keys are used."
  type        = list(string)
  default     = []
}

variable "tracing_enabled" {
  description = "Grant X-Ray write access (when the function traces actively)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
