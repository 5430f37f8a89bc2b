output "table_name" {
  description = "Name of the source table."
  value       = module.dynamodb.table_name
}

output "table_arn" {
  description = "ARN of the source table."
  value       = module.dynamodb.table_arn
}

output "stream_arn" {
  description = "ARN of the source table's stream."
  value       = module.dynamodb.stream_arn
}

output "projection_table_name" {
  description = "Name of the projection table."
  value       = module.dynamodb.projection_table_name
}

output "ledger_table_name" {
  description = "Name of the delivery ledger table."
  value       = module.dynamodb.ledger_table_name
}

output "function_name" {
  description = "Name of the Lambda function."
  value       = module.lambda.function_name
}

output "function_arn" {
  description = "Unqualified ARN of the Lambda function."
  value       = module.lambda.function_arn
}

output "function_alias_arn" {
  description = "ARN of the alias `live` the stream invokes."
  value       = module.lambda.alias_arn
}

output "log_group_name" {
  description = "Name of the function's log group."
  value       = module.lambda.log_group_name
}

output "alert_topic_arn" {
  description = "ARN of the alert topic."
  value       = module.alerts.alert_topic_arn
}

output "change_topic_arn" {
  description = "ARN of the change-event topic."
  value       = module.alerts.change_topic_arn
}

output "dead_letter_topic_arn" {
  description = "ARN of the dead-letter topic."
  value       = module.alerts.dead_letter_topic_arn
}

output "dead_letter_queue_url" {
  description = "URL of the queue holding quarantined records."
  value       = module.alerts.dead_letter_queue_url
}

output "on_failure_queue_url" {
  description = "URL of the event source mapping's on-failure queue."
  value       = module.event_mapping.on_failure_queue_url
}

output "execution_role_arn" {
  description = "ARN of the function's execution role."
  value       = module.iam.role_arn
}

output "alarm_topic_arn" {
  description = "ARN of the alarm topic, or null when not created."
  value       = module.monitoring.alarm_topic_arn
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard, or null when not created."
  value       = module.monitoring.dashboard_name
}
