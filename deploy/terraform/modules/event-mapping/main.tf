# Stream -> function alias. Partial batch responses plus bisecting mean one poison record never
# blocks its shard: the function reports the first failed record, Lambda retries from there, and
# after maximum_retry_attempts (or maximum_record_age_in_seconds) the record's metadata goes to the
# on-failure queue and the shard moves on.

resource "aws_sqs_queue" "on_failure" {
  name                      = var.on_failure_queue_name
  message_retention_seconds = var.on_failure_queue_retention_seconds

  # SSE-SQS unless a customer managed key is given.
  sqs_managed_sse_enabled = var.kms_key_arn == null ? true : null
  kms_master_key_id       = var.kms_key_arn

  tags = var.tags
}

resource "aws_lambda_event_source_mapping" "this" {
  event_source_arn = var.event_source_arn
  function_name    = var.function_alias_arn
  enabled          = var.enabled

  starting_position                  = var.starting_position
  batch_size                         = var.batch_size
  maximum_batching_window_in_seconds = var.maximum_batching_window_in_seconds
  parallelization_factor             = var.parallelization_factor

  bisect_batch_on_function_error = true
  maximum_retry_attempts         = var.maximum_retry_attempts
  maximum_record_age_in_seconds  = var.maximum_record_age_in_seconds

  # Without this Lambda ignores the handler's batchItemFailures and retries whole batches.
  function_response_types = ["ReportBatchItemFailures"]

  destination_config {
    on_failure {
      destination_arn = aws_sqs_queue.on_failure.arn
    }
  }

  dynamic "filter_criteria" {
    for_each = length(var.filter_patterns) > 0 ? [var.filter_patterns] : []
    content {
      dynamic "filter" {
        for_each = filter_criteria.value
        content {
          pattern = filter.value
        }
      }
    }
  }

  lifecycle {
    precondition {
      condition     = var.parallelization_factor == 1 || !var.requires_partition_order
      error_message = "parallelization_factor is ${var.parallelization_factor}, but projections are configured. Above 1, Lambda keeps records in order only per item, so the changes of two items feeding one projection item (an aggregate, a latest state keyed by the partition key) may arrive out of order, and the projection would take the lower sequence number for a replay and drop that change. Set parallelization_factor = 1, or configure no projections."
    }
  }

  tags = var.tags
}
