variable "function_name" {
  description = "Name of the Lambda function."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,64}$", var.function_name))
    error_message = "function_name must be 1-64 characters of a-z, A-Z, 0-9, '_' or '-'."
  }
}

variable "description" {
  description = "Description of the Lambda function."
  type        = string
  default     = "Eddy: reacts to DynamoDB stream changes with alerts, change events and projections."
}

variable "role_arn" {
  description = "ARN of the execution role (from the iam module)."
  type        = string
}

variable "handler" {
  description = "Handler of the function: the class Maven builds into the artifact. StreamingHandler reads the event bytes straight into domain changes and isolates a malformed record; StreamHandler (RequestHandler<DynamodbEvent, StreamsEventResponse>) is the reference path through the runtime's POJOs."
  type        = string
  default     = "dev.eddy.bootstrap.lambda.StreamingHandler::handleRequest"

  validation {
    condition     = contains(["dev.eddy.bootstrap.lambda.StreamingHandler::handleRequest", "dev.eddy.bootstrap.lambda.StreamHandler::handleRequest"], var.handler)
    error_message = "The handler must be dev.eddy.bootstrap.lambda.StreamingHandler::handleRequest or dev.eddy.bootstrap.lambda.StreamHandler::handleRequest."
  }
}

variable "artifact_path" {
  description = "Path of the deployable jar (bootstrap-lambda/target/eddy-lambda.jar, built by `./mvnw package`)."
  type        = string
}

variable "architecture" {
  description = "Instruction set of the function: x86_64 or arm64 (about 20% cheaper per GB-second)."
  type        = string
  default     = "x86_64"

  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "memory_size" {
  description = "Memory of the function in MB."
  type        = number
  default     = 256

  validation {
    condition     = var.memory_size >= 128 && var.memory_size <= 10240
    error_message = "memory_size must be between 128 and 10240 MB."
  }
}

variable "timeout" {
  description = "Timeout of one invocation in seconds."
  type        = number
  default     = 30

  validation {
    condition     = var.timeout >= 1 && var.timeout <= 900
    error_message = "timeout must be between 1 and 900 seconds."
  }
}

variable "reserved_concurrent_executions" {
  description = "Reserved concurrency of the function; -1 for no reservation."
  type        = number
  default     = -1

  validation {
    condition     = var.reserved_concurrent_executions >= -1
    error_message = "reserved_concurrent_executions must be -1 (unreserved) or more."
  }
}

variable "environment_variables" {
  description = "Environment variables of the function (the settings the code reads; see dev.eddy.bootstrap.lambda.Setting)."
  type        = map(string)
  default     = {}
}

variable "java_tool_options" {
  description = "JVM options of the function, set as its JAVA_TOOL_OPTIONS environment variable (the JVM reads them before the runtime's own flags, which win where both set one); when not empty, they replace any JAVA_TOOL_OPTIONS in environment_variables. Every -Xms must stay below 85 % of memory_size, the heap limit the runtime sets (a precondition checks it); \"\" sets none."
  type        = string
  nullable    = false
  default     = ""

  validation {
    condition     = !can(regex("[\\r\\n]", var.java_tool_options))
    error_message = "java_tool_options must be one line."
  }
}

variable "snap_start_enabled" {
  description = "Enable SnapStart on published versions (cuts Java cold starts)."
  type        = bool
  default     = true
}

variable "tracing_enabled" {
  description = "Enable active X-Ray tracing."
  type        = bool
  default     = false
}

variable "alias_name" {
  description = "Name of the alias the event source mapping invokes."
  type        = string
  default     = "live"
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

variable "log_kms_key_arn" {
  description = "ARN of a customer managed KMS key for the log group (its key policy must allow CloudWatch Logs), or null."
  type        = string
  default     = null
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

variable "system_log_level" {
  description = "Minimum level of Lambda platform log lines (JSON log format). INFO, Lambda's own default, keeps each invocation's start and report lines (duration, billed duration, max memory used, SnapStart's restore duration), which docs/performance.md reads; WARN drops them."
  type        = string
  default     = "INFO"

  validation {
    condition     = contains(["DEBUG", "INFO", "WARN"], var.system_log_level)
    error_message = "system_log_level must be one of DEBUG, INFO, WARN."
  }
}

variable "tags" {
  description = "Tags applied to every resource."
  type        = map(string)
  default     = {}
}
