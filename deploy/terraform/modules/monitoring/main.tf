# Alarms and a dashboard for one Eddy function. Eddy's own metrics come from the function's EMF
# log lines: namespace "Eddy", dimension FunctionName on all, Records also by ChangeKind.

locals {
  emf_namespace = "Eddy"
  change_kinds  = ["CREATED", "UPDATED", "DELETED", "EXPIRED"]

  alarm_actions = concat(
    var.create_alarm_topic ? [aws_sns_topic.alarms[0].arn] : [],
    var.alarm_actions,
  )
}

# CloudWatch alarms cannot publish to topics encrypted with alias/aws/sns (its key policy cannot
# admit cloudwatch.amazonaws.com), so this topic is encrypted only with a customer managed key
# whose policy allows CloudWatch.
resource "aws_sns_topic" "alarms" {
  count = var.create_alarm_topic ? 1 : 0

  name              = "${var.name}-alarms"
  display_name      = "Eddy alarms"
  kms_master_key_id = var.alarm_topic_kms_key_arn

  tags = var.tags
}

resource "aws_sns_topic_subscription" "alarm_email" {
  for_each = var.create_alarm_topic ? toset(var.alarm_email_addresses) : toset([])

  topic_arn = aws_sns_topic.alarms[0].arn
  protocol  = "email"
  endpoint  = each.value
}
