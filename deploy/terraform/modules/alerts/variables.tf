variable "name" {
  description = "Prefix of the topic and queue names."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,60}$", var.name))
    error_message = "name must be 1-60 characters of a-z, A-Z, 0-9, '_' or '-'."
  }
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for the topics and the dead-letter queue, or null for alias/aws/sns (topics) and SSE-SQS (queue)."
  type        = string
  default     = null
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

variable "alert_email_subscriptions" {
  description = "E-mail addresses that receive alerts of the given severities (each address must confirm the subscription)."
  type = list(object({
    address    = string
    severities = optional(list(string), ["WARNING", "CRITICAL"])
  }))
  default = []

  validation {
    condition = alltrue([for s in var.alert_email_subscriptions :
    length(s.severities) > 0 && alltrue([for v in s.severities : contains(["INFO", "WARNING", "CRITICAL"], v)])])
    error_message = "Each subscription needs at least one severity out of INFO, WARNING, CRITICAL."
  }
}

variable "alert_https_subscriptions" {
  description = "HTTPS endpoints that receive alerts of the given severities."
  type = list(object({
    endpoint             = string
    severities           = optional(list(string), ["INFO", "WARNING", "CRITICAL"])
    auto_confirms        = optional(bool, false)
    raw_message_delivery = optional(bool, false)
  }))
  default = []

  validation {
    condition = alltrue([for s in var.alert_https_subscriptions :
      startswith(s.endpoint, "https://") && length(s.severities) > 0 &&
    alltrue([for v in s.severities : contains(["INFO", "WARNING", "CRITICAL"], v)])])
    error_message = "Each endpoint must start with https:// and have at least one severity out of INFO, WARNING, CRITICAL."
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
