output "role_arn" {
  description = "ARN of the execution role, available once its permissions are attached (Lambda checks them when the event source mapping is created)."
  value       = aws_iam_role.this.arn
  depends_on  = [aws_iam_role_policy.this]
}

output "role_name" {
  description = "Name of the execution role."
  value       = aws_iam_role.this.name
}

output "policy_json" {
  description = "The role's permissions policy document (JSON)."
  value       = data.aws_iam_policy_document.this.json
}
