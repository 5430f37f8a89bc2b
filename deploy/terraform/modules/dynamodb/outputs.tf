output "table_name" {
  description = "Name of the source table."
  value       = aws_dynamodb_table.this.name
}

output "table_arn" {
  description = "ARN of the source table."
  value       = aws_dynamodb_table.this.arn
}

output "partition_key" {
  description = "The source table's partition key."
  value       = var.partition_key
}

output "stream_arn" {
  description = "ARN of the source table's stream (NEW_AND_OLD_IMAGES)."
  value       = aws_dynamodb_table.this.stream_arn
}

output "projection_table_name" {
  description = "Name of the projection table."
  value       = aws_dynamodb_table.projection.name
}

output "projection_table_arn" {
  description = "ARN of the projection table."
  value       = aws_dynamodb_table.projection.arn
}

output "ledger_table_name" {
  description = "Name of the delivery ledger table."
  value       = aws_dynamodb_table.ledger.name
}

output "ledger_table_arn" {
  description = "ARN of the delivery ledger table."
  value       = aws_dynamodb_table.ledger.arn
}
