output "alarm_topic_arn" {
  description = "ARN of the alarm topic, or null when not created."
  value       = var.create_alarm_topic ? aws_sns_topic.alarms[0].arn : null
}

output "alarm_arns" {
  description = "ARNs of the alarms by purpose."
  value = {
    errors               = aws_cloudwatch_metric_alarm.errors.arn
    throttles            = aws_cloudwatch_metric_alarm.throttles.arn
    iterator_age         = aws_cloudwatch_metric_alarm.iterator_age.arn
    duration             = aws_cloudwatch_metric_alarm.duration.arn
    on_failure_queue     = aws_cloudwatch_metric_alarm.on_failure_queue.arn
    dead_letter_queue    = aws_cloudwatch_metric_alarm.dead_letter_queue.arn
    on_failure_delivery  = aws_cloudwatch_metric_alarm.on_failure_delivery.arn
    records_failing      = aws_cloudwatch_metric_alarm.records_failing.arn
    degraded             = aws_cloudwatch_metric_alarm.degraded.arn
    dead_letter_delivery = aws_cloudwatch_metric_alarm.dead_letter_delivery.arn
  }
}

output "dashboard_name" {
  description = "Name of the CloudWatch dashboard, or null when not created."
  value       = var.create_dashboard ? aws_cloudwatch_dashboard.this[0].dashboard_name : null
}
