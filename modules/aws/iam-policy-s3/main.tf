locals {
  object_actions = {
    read-only  = ["s3:GetObject", "s3:GetObjectVersion"]
    read-write = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
  }
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "ListBucket"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [var.bucket_arn]
  }

  statement {
    sid       = "Objects"
    actions   = local.object_actions[var.access]
    resources = ["${var.bucket_arn}/*"]
  }
}

resource "aws_iam_policy" "this" {
  name        = var.name
  description = "${var.access} access to the objects of one bucket"
  policy      = data.aws_iam_policy_document.this.json
  tags        = var.tags
}
