locals {
  consume = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"]
  produce = ["sqs:SendMessage"]
  actions = {
    consume         = local.consume
    produce         = local.produce
    produce-consume = concat(local.produce, local.consume)
  }
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "Queue"
    actions   = concat(local.actions[var.access], ["sqs:GetQueueAttributes", "sqs:GetQueueUrl"])
    resources = [var.queue_arn]
  }

  dynamic "statement" {
    for_each = var.kms_key_arn == null ? [] : [var.kms_key_arn]
    content {
      sid       = "QueueKey"
      actions   = ["kms:Decrypt", "kms:GenerateDataKey"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_policy" "this" {
  name        = var.name
  description = "${var.access} access to one SQS queue"
  policy      = data.aws_iam_policy_document.this.json
  tags        = var.tags
}
