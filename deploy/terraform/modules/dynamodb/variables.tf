variable "table_name" {
  description = "Name of the source table whose stream Eddy processes."
  type        = string
  default     = "RealTimeDataTable"

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.table_name))
    error_message = "table_name must be 3-255 characters of a-z, A-Z, 0-9, '_', '-' or '.'."
  }
}

variable "partition_key" {
  description = "Partition key (type S) of the source table."
  type        = string
  default     = "id"
}

variable "sort_key" {
  description = "Sort key (type N) of the source table."
  type        = string
  default     = "timestamp"
}

variable "ttl_attribute" {
  description = "Attribute of the source table holding the expiry time in epoch seconds; items DynamoDB deletes by TTL become Expired changes."
  type        = string
  default     = "expiresAt"

  validation {
    condition     = length(var.ttl_attribute) > 0
    error_message = "ttl_attribute must not be empty."
  }
}

variable "projection_table_name" {
  description = "Name of the projection table (pk S / sk S) the function writes read models into."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.projection_table_name))
    error_message = "projection_table_name must be 3-255 characters of a-z, A-Z, 0-9, '_', '-' or '.'."
  }
}

variable "projection_ttl_attribute" {
  description = "TTL attribute of the projection table, or null to keep projections forever."
  type        = string
  default     = null
}

variable "ledger_table_name" {
  description = "Name of the delivery ledger table (id S, TTL expiresAt) that makes notifications idempotent."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_.-]{3,255}$", var.ledger_table_name))
    error_message = "ledger_table_name must be 3-255 characters of a-z, A-Z, 0-9, '_', '-' or '.'."
  }
}

variable "point_in_time_recovery_enabled" {
  description = "Enable point-in-time recovery on the source and projection tables."
  type        = bool
  default     = true
}

variable "deletion_protection_enabled" {
  description = "Protect the tables from deletion (set false before `terraform destroy`)."
  type        = bool
  default     = true
}

variable "kms_key_arn" {
  description = "ARN of a customer managed KMS key for server-side encryption, or null for the AWS owned key."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
