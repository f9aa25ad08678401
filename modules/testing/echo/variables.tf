variable "values" {
  description = "Values to hand back unchanged as `values`, through a `terraform_data` resource (so they are unknown until apply, like real outputs)."
  type        = map(string)
  default     = {}
}

variable "secrets" {
  description = "Secret values to hand back as the sensitive `secrets`."
  type        = map(string)
  default     = {}
  sensitive   = true
}
