output "event_source_mapping_uuid" {
  description = "UUID of the event source mapping."
  value       = aws_lambda_event_source_mapping.this.uuid
}

output "event_source_mapping_arn" {
  description = "ARN of the event source mapping."
  value       = aws_lambda_event_source_mapping.this.arn
}

output "on_failure_queue_arn" {
  description = "ARN of the on-failure queue."
  value       = aws_sqs_queue.on_failure.arn
}

output "on_failure_queue_url" {
  description = "URL of the on-failure queue."
  value       = aws_sqs_queue.on_failure.url
}

output "on_failure_queue_name" {
  description = "Name of the on-failure queue."
  value       = aws_sqs_queue.on_failure.name
}
