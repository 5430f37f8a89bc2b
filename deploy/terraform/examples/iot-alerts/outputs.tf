output "table_name" {
  description = "Write items here to trigger the rules."
  value       = module.eddy.table_name
}

output "alert_topic_arn" {
  description = "ARN of the alert topic."
  value       = module.eddy.alert_topic_arn
}

output "projection_table_name" {
  description = "Where the latest reading per sensor is kept."
  value       = module.eddy.projection_table_name
}

output "log_group_name" {
  description = "The function's log group (tail it with `aws logs tail --follow`)."
  value       = module.eddy.log_group_name
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard."
  value       = module.eddy.dashboard_name
}
