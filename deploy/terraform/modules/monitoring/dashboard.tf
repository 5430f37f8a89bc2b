resource "aws_cloudwatch_dashboard" "this" {
  count = var.create_dashboard ? 1 : 0

  dashboard_name = "${var.name}-${var.function_name}"
  dashboard_body = jsonencode({
    widgets = [
      {
        type = "metric", x = 0, y = 0, width = 12, height = 6
        properties = {
          title  = "Invocations and errors"
          region = var.region
          stat   = "Sum"
          period = var.period_seconds
          metrics = [
            ["AWS/Lambda", "Invocations", "FunctionName", var.function_name],
            ["AWS/Lambda", "Errors", "FunctionName", var.function_name],
            ["AWS/Lambda", "Throttles", "FunctionName", var.function_name],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 0, width = 12, height = 6
        properties = {
          title  = "Iterator age and oldest record age (ms)"
          region = var.region
          stat   = "Maximum"
          period = var.period_seconds
          metrics = [
            ["AWS/Lambda", "IteratorAge", "FunctionName", var.function_name],
            [local.emf_namespace, "OldestRecordAge", "FunctionName", var.function_name],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 6, width = 12, height = 6
        properties = {
          title  = "Records by change kind"
          region = var.region
          stat   = "Sum"
          period = var.period_seconds
          metrics = [
            for kind in local.change_kinds :
            [local.emf_namespace, "Records", "FunctionName", var.function_name, "ChangeKind", kind]
          ]
        }
      },
      {
        type = "metric", x = 12, y = 6, width = 12, height = 6
        properties = {
          title  = "Alerts, change events, failed and quarantined records"
          region = var.region
          stat   = "Sum"
          period = var.period_seconds
          metrics = [
            [local.emf_namespace, "AlertsPublished", "FunctionName", var.function_name],
            [local.emf_namespace, "ChangeEventsPublished", "FunctionName", var.function_name],
            [local.emf_namespace, "RecordsFailed", "FunctionName", var.function_name],
            [local.emf_namespace, "RecordsQuarantined", "FunctionName", var.function_name],
          ]
        }
      },
      {
        type = "metric", x = 0, y = 12, width = 12, height = 6
        properties = {
          title  = "Batch duration (ms)"
          region = var.region
          period = var.period_seconds
          metrics = [
            [local.emf_namespace, "BatchDuration", "FunctionName", var.function_name, { stat = "Average" }],
            [local.emf_namespace, "BatchDuration", "FunctionName", var.function_name, { stat = "Maximum" }],
            ["AWS/Lambda", "Duration", "FunctionName", var.function_name, { stat = "Maximum" }],
          ]
        }
      },
      {
        type = "metric", x = 12, y = 12, width = 12, height = 6
        properties = {
          title  = "On-failure and dead-letter queues"
          region = var.region
          stat   = "Maximum"
          period = var.period_seconds
          metrics = [
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.on_failure_queue_name],
            ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", var.dead_letter_queue_name],
          ]
        }
      },
    ]
  })
}
