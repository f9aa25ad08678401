locals {
  service_account = coalesce(var.service_account, var.workload.name)
  pod_kinds       = ["Deployment", "StatefulSet"]

  documents = [for m in var.workload.manifests : yamldecode(m)]

  # Each manifest gets the namespace, and pods their service account. score_workload's
  # manifests carry neither: they are the same for every cluster. The patch is built as JSON
  # because a Deployment and a ConfigMap are objects of different types; `try` because
  # Terraform evaluates both branches of a conditional, and a ConfigMap has no `spec`.
  patched = [
    for d in local.documents : merge(
      d,
      { metadata = merge(d.metadata, { namespace = var.namespace }) },
      jsondecode(try(contains(local.pod_kinds, d.kind) ? jsonencode({
        spec = merge(d.spec, {
          template = merge(d.spec.template, {
            spec = merge(d.spec.template.spec, { serviceAccountName = local.service_account })
          })
        })
      }) : "{}", "{}")),
    )
  ]

  # Keyed by kind and name, which stay the same from one revision to the next. Terraform
  # needs the keys at plan: see the README on an environment's first deployment.
  objects = { for d in local.patched : "${d.kind}/${d.metadata.name}" => d }
}

resource "kubernetes_manifest" "service_account" {
  manifest = {
    apiVersion = "v1"
    kind       = "ServiceAccount"
    metadata = {
      name        = local.service_account
      namespace   = var.namespace
      annotations = var.role_arn == null ? {} : { "eks.amazonaws.com/role-arn" = var.role_arn }
    }
  }
}

resource "kubernetes_manifest" "secret" {
  count = var.workload.secret_name == null ? 0 : 1
  manifest = merge(yamldecode(var.workload.secret_manifest), {
    metadata = merge(yamldecode(var.workload.secret_manifest).metadata, { namespace = var.namespace })
  })
}

resource "kubernetes_manifest" "this" {
  for_each = local.objects
  manifest = each.value

  # Pods start once their service account and Secret exist.
  depends_on = [kubernetes_manifest.service_account, kubernetes_manifest.secret]
}
