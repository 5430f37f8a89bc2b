resource "aws_cloudwatch_metric_alarm" "errors" {
  alarm_name          = "${var.function_name}-errors"
  alarm_description   = "The Eddy function failed invocations (records are retried, then bisected, then sent to the on-failure queue)."
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.errors_threshold
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  alarm_name          = "${var.function_name}-throttles"
  alarm_description   = "The Eddy function was throttled; the stream falls behind."
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "iterator_age" {
  alarm_name          = "${var.function_name}-iterator-age"
  alarm_description   = "The oldest unprocessed stream record is older than ${var.iterator_age_threshold_ms} ms: a shard is stuck or processing is too slow."
  namespace           = "AWS/Lambda"
  metric_name         = "IteratorAge"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Maximum"
  period              = var.period_seconds
  evaluation_periods  = 3
  datapoints_to_alarm = 2
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.iterator_age_threshold_ms
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "duration" {
  alarm_name          = "${var.function_name}-duration-near-timeout"
  alarm_description   = "An invocation took more than ${var.duration_threshold_percent}% of the ${var.timeout_seconds} s timeout."
  namespace           = "AWS/Lambda"
  metric_name         = "Duration"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Maximum"
  period              = var.period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = var.timeout_seconds * 1000 * var.duration_threshold_percent / 100
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "on_failure_queue" {
  alarm_name          = "${var.function_name}-on-failure-queue-not-empty"
  alarm_description   = "Stream records were given up on after retries (queue ${var.on_failure_queue_name}); they hold only shard/sequence metadata."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.on_failure_queue_name }
  statistic           = "Maximum"
  period              = var.period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "dead_letter_queue" {
  alarm_name          = "${var.function_name}-dead-letter-queue-not-empty"
  alarm_description   = "Records were quarantined to the dead-letter topic (queue ${var.dead_letter_queue_name})."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = var.dead_letter_queue_name }
  statistic           = "Maximum"
  period              = var.period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

# Records the mapping gave up on are skipped whether or not their metadata reached the on-failure
# queue: without this alarm a failed delivery there (a queue policy or key problem) leaves no message.
resource "aws_cloudwatch_metric_alarm" "on_failure_delivery" {
  alarm_name          = "${var.function_name}-on-failure-delivery-failed"
  alarm_description   = "Lambda could not send the metadata of stream records it gave up on to the on-failure queue ${var.on_failure_queue_name}, so no message there says where they are. Check the queue's policy and encryption key. The function's log may name the record a batch stopped at (\"record failed\", sequenceNumber); a timeout, a Java Error or a failed init leaves no sequence number. The stream holds the records 24 hours after they were written. See docs/reliability.md, \"Alarms and what to do\"."
  namespace           = "AWS/Lambda"
  metric_name         = "DestinationDeliveryFailures"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

# A guarantee weakened without a record failing: notifications delivered but not recorded in the
# ledger (a retry would repeat them), or a safety margin above the time a batch started with.
resource "aws_cloudwatch_metric_alarm" "degraded" {
  alarm_name          = "${var.function_name}-degraded"
  alarm_description   = "The function logged \"degraded\": notifications delivered but not recorded in the delivery ledger (check the ledger table and the role's dynamodb:BatchWriteItem; until fixed, a retried batch may repeat notifications, with the same eddy-id), or a safety margin above the time a batch started with (raise lambda_timeout or lower timeout_safety_margin_ms). The log line's reason says which."
  namespace           = local.emf_namespace
  metric_name         = "Degraded"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

# The function counts a record quarantined once SNS accepts its dead letter; SNS's delivery to the
# dead-letter queue can still fail (a key or queue policy that does not admit SNS), and the queue's
# own alarm then sees nothing.
resource "aws_cloudwatch_metric_alarm" "dead_letter_delivery" {
  alarm_name          = "${var.function_name}-dead-letter-delivery-failed"
  alarm_description   = "SNS could not deliver dead letters from topic ${var.dead_letter_topic_name} to the dead-letter queue ${var.dead_letter_queue_name}. Check the queue's policy and its encryption key's policy (sns.amazonaws.com must be able to use it); the function's log names each quarantined record (\"record quarantined\", with its sequence number)."
  namespace           = "AWS/SNS"
  metric_name         = "NumberOfNotificationsFailed"
  dimensions          = { TopicName = var.dead_letter_topic_name }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = 1
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}

# A batch that stops at a failed record is retried from it; a record that keeps failing (an outage,
# a bug) reaches the on-failure queue after maximum_retry_attempts. This fires while the retries run.
resource "aws_cloudwatch_metric_alarm" "records_failing" {
  alarm_name          = "${var.function_name}-records-failing"
  alarm_description   = "Batches stopped at a failed record in 3 periods running: an outage of SNS or DynamoDB, a bug, or batches too long for the function's timeout (stage time). Each such record is retried up to maximum_retry_attempts times, then only its metadata goes to the on-failure queue ${var.on_failure_queue_name}. The function's log says why (\"record failed\")."
  namespace           = local.emf_namespace
  metric_name         = "RecordsFailed"
  dimensions          = { FunctionName = var.function_name }
  statistic           = "Sum"
  period              = var.period_seconds
  evaluation_periods  = 3
  datapoints_to_alarm = 3
  comparison_operator = "GreaterThanThreshold"
  threshold           = 0
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions

  tags = var.tags
}
