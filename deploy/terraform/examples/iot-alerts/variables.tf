variable "region" {
  description = "AWS region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "alert_emails" {
  description = "E-mail addresses that receive CRITICAL and WARNING alerts and the alarms (each must confirm)."
  type        = list(string)
  default     = []
}

variable "owner" {
  description = "Value of the Owner tag on every resource."
  type        = string
  default     = "eddy-example"
}
