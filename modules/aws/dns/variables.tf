variable "zone_id" {
  description = "The Route53 hosted zone the record goes into."
  type        = string

  validation {
    condition     = can(regex("^Z[A-Z0-9]+$", var.zone_id))
    error_message = "A hosted zone id looks like Z0123456789ABCDEFGHIJ."
  }
}

variable "zone_name" {
  description = "The hosted zone's domain, such as `dev.example.com`."
  type        = string

  validation {
    condition     = can(regex("^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}$", var.zone_name))
    error_message = "The zone name must be a lower-case domain name without a trailing dot."
  }
}

variable "subdomain" {
  description = "The label under the zone, typically `<app>-<env>` from `$${context.app.id}-$${context.env.id}`; longer names are cut to 63 characters."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$", var.subdomain))
    error_message = "The subdomain must be lower-case letters, digits and `-`, starting and ending with a letter or digit."
  }
}

variable "target" {
  description = "The host name the record points at: the cluster's ingress or Gateway load balancer."
  type        = string

  validation {
    condition     = can(regex("^[a-zA-Z0-9.-]+$", var.target))
    error_message = "The target must be a host name."
  }
}

variable "ttl" {
  description = "Seconds resolvers cache the record."
  type        = number
  default     = 300

  validation {
    condition     = var.ttl >= 0 && var.ttl <= 172800
    error_message = "The TTL is 0 to 172800 seconds."
  }
}
