output "alert_topic_arn" {
  description = "ARN of the alert topic (message attributes: rule, severity, kind, table)."
  value       = aws_sns_topic.alerts.arn
}

output "change_topic_arn" {
  description = "ARN of the change-event topic (message attributes: kind, table, changedFields)."
  value       = aws_sns_topic.change_events.arn
}

output "dead_letter_topic_arn" {
  description = "ARN of the dead-letter topic that receives quarantined records."
  value       = aws_sns_topic.dead_letters.arn
}

output "dead_letter_topic_name" {
  description = "Name of the dead-letter topic (its SNS metrics' TopicName)."
  value       = aws_sns_topic.dead_letters.name
}

output "topic_arns" {
  description = "ARNs of all three topics (what the function may publish to)."
  value       = [aws_sns_topic.alerts.arn, aws_sns_topic.change_events.arn, aws_sns_topic.dead_letters.arn]
}

output "dead_letter_queue_arn" {
  description = "ARN of the queue subscribed to the dead-letter topic."
  value       = aws_sqs_queue.dead_letters.arn
}

output "dead_letter_queue_url" {
  description = "URL of the queue subscribed to the dead-letter topic."
  value       = aws_sqs_queue.dead_letters.url
}

output "dead_letter_queue_name" {
  description = "Name of the queue subscribed to the dead-letter topic."
  value       = aws_sqs_queue.dead_letters.name
}
