# Eddy's outbound topics and the queue that keeps quarantined records.

locals {
  # alias/aws/sns (AWS managed) unless a customer managed key is given.
  topic_kms_key = coalesce(var.kms_key_arn, "alias/aws/sns")
}

resource "aws_sns_topic" "alerts" {
  name              = "${var.name}-alerts"
  display_name      = "Eddy alerts"
  kms_master_key_id = local.topic_kms_key

  tags = var.tags
}

resource "aws_sns_topic" "change_events" {
  name              = "${var.name}-change-events"
  display_name      = "Eddy change events"
  kms_master_key_id = local.topic_kms_key

  tags = var.tags
}

resource "aws_sns_topic" "dead_letters" {
  name              = "${var.name}-dead-letters"
  display_name      = "Eddy quarantined records"
  kms_master_key_id = local.topic_kms_key

  tags = var.tags
}

# Quarantined (unreadable or permanently failing) records land here, with their original record JSON.
resource "aws_sqs_queue" "dead_letters" {
  name                      = "${var.name}-dead-letters"
  message_retention_seconds = var.dead_letter_queue_retention_seconds

  # SSE-SQS unless a customer managed key is given (its key policy must let sns.amazonaws.com
  # call kms:GenerateDataKey and kms:Decrypt).
  sqs_managed_sse_enabled = var.kms_key_arn == null ? true : null
  kms_master_key_id       = var.kms_key_arn

  tags = var.tags
}

data "aws_iam_policy_document" "dead_letter_queue" {
  statement {
    sid       = "DeadLetterTopicDelivers"
    effect    = "Allow"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.dead_letters.arn]

    principals {
      type        = "Service"
      identifiers = ["sns.amazonaws.com"]
    }

    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_sns_topic.dead_letters.arn]
    }
  }
}

resource "aws_sqs_queue_policy" "dead_letters" {
  queue_url = aws_sqs_queue.dead_letters.id
  policy    = data.aws_iam_policy_document.dead_letter_queue.json
}

resource "aws_sns_topic_subscription" "dead_letter_queue" {
  topic_arn = aws_sns_topic.dead_letters.arn
  protocol  = "sqs"
  endpoint  = aws_sqs_queue.dead_letters.arn
  # Keeps the message body as the function wrote it; message attributes become SQS attributes.
  raw_message_delivery = true

  depends_on = [aws_sqs_queue_policy.dead_letters]
}
