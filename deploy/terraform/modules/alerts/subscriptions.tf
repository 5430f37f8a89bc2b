# Optional human/endpoint subscriptions to alerts, filtered on the `severity` message attribute.

resource "aws_sns_topic_subscription" "alert_email" {
  for_each = { for s in var.alert_email_subscriptions : s.address => s }

  topic_arn           = aws_sns_topic.alerts.arn
  protocol            = "email"
  endpoint            = each.value.address
  filter_policy_scope = "MessageAttributes"
  filter_policy       = jsonencode({ severity = each.value.severities })
}

resource "aws_sns_topic_subscription" "alert_https" {
  for_each = { for s in var.alert_https_subscriptions : s.endpoint => s }

  topic_arn              = aws_sns_topic.alerts.arn
  protocol               = "https"
  endpoint               = each.value.endpoint
  endpoint_auto_confirms = each.value.auto_confirms
  raw_message_delivery   = each.value.raw_message_delivery
  filter_policy_scope    = "MessageAttributes"
  filter_policy          = jsonencode({ severity = each.value.severities })
}
