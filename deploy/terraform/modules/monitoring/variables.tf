variable "name" {
  description = "Prefix of the alarm topic and dashboard names."
  type        = string
}

variable "region" {
  description = "AWS region of the monitored resources (dashboard widgets need it)."
  type        = string
}

variable "function_name" {
  description = "Name of the monitored Lambda function."
  type        = string
}

variable "timeout_seconds" {
  description = "Timeout of the monitored function in seconds."
  type        = number

  validation {
    condition     = var.timeout_seconds >= 1 && var.timeout_seconds <= 900
    error_message = "timeout_seconds must be between 1 and 900."
  }
}

variable "on_failure_queue_name" {
  description = "Name of the event source mapping's on-failure queue."
  type        = string
}

variable "dead_letter_queue_name" {
  description = "Name of the queue subscribed to the dead-letter topic."
  type        = string
}

variable "dead_letter_topic_name" {
  description = "Name of the dead-letter SNS topic, whose failed deliveries to the dead-letter queue are alarmed on."
  type        = string
}

variable "period_seconds" {
  description = "Period of the alarm metrics and dashboard widgets in seconds."
  type        = number
  default     = 60

  validation {
    condition     = contains([10, 30, 60, 300, 900, 3600], var.period_seconds)
    error_message = "period_seconds must be 10, 30, 60, 300, 900 or 3600."
  }
}

variable "errors_threshold" {
  description = "Failed invocations per period above which the errors alarm fires."
  type        = number
  default     = 0

  validation {
    condition     = var.errors_threshold >= 0
    error_message = "errors_threshold must not be negative."
  }
}

variable "iterator_age_threshold_ms" {
  description = "IteratorAge (ms) above which the stream is considered to be falling behind."
  type        = number
  default     = 60000

  validation {
    condition     = var.iterator_age_threshold_ms > 0
    error_message = "iterator_age_threshold_ms must be positive."
  }
}

variable "duration_threshold_percent" {
  description = "Share of the timeout (percent) above which the duration alarm fires."
  type        = number
  default     = 80

  validation {
    condition     = var.duration_threshold_percent > 0 && var.duration_threshold_percent <= 100
    error_message = "duration_threshold_percent must be between 1 and 100."
  }
}

variable "create_alarm_topic" {
  description = "Create an SNS topic that all alarms notify."
  type        = bool
  default     = true
}

variable "alarm_topic_kms_key_arn" {
  description = "Customer managed KMS key for the alarm topic (its policy must allow cloudwatch.amazonaws.com), or null for an unencrypted topic."
  type        = string
  default     = null
}

variable "alarm_email_addresses" {
  description = "E-mail addresses subscribed to the alarm topic."
  type        = list(string)
  default     = []
}

variable "alarm_actions" {
  description = "Further ARNs (e.g. an existing SNS topic) notified on alarm and OK."
  type        = list(string)
  default     = []
}

variable "create_dashboard" {
  description = "Create the CloudWatch dashboard."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
