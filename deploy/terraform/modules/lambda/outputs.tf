output "function_name" {
  description = "Name of the Lambda function."
  value       = aws_lambda_function.this.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the Lambda function."
  value       = aws_lambda_function.this.arn
}

output "function_version" {
  description = "Version published by the last apply."
  value       = aws_lambda_function.this.version
}

output "alias_name" {
  description = "Name of the alias the event source mapping invokes."
  value       = aws_lambda_alias.this.name
}

output "alias_arn" {
  description = "ARN of the alias the event source mapping invokes."
  value       = aws_lambda_alias.this.arn
}

output "log_group_name" {
  description = "Name of the function's log group."
  value       = aws_cloudwatch_log_group.this.name
}

output "log_group_arn" {
  description = "ARN of the function's log group."
  value       = aws_cloudwatch_log_group.this.arn
}

output "timeout" {
  description = "Timeout of the function in seconds (the monitoring module alarms near it)."
  value       = aws_lambda_function.this.timeout
}
