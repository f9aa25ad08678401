locals {
  # A DNS label holds at most 63 characters; app and environment ids together may not fit.
  label = trimsuffix(substr(var.subdomain, 0, 63), "-")
  host  = "${local.label}.${var.zone_name}"
}

resource "aws_route53_record" "this" {
  zone_id = var.zone_id
  name    = local.host
  type    = "CNAME"
  ttl     = var.ttl
  records = [var.target]
}
