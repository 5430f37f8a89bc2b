# IoT sensor readings in RealTimeDataTable: alert when a temperature crosses 80 degrees and when a
# reading expires by TTL; keep the latest reading per sensor in the projection table.

provider "aws" {
  region = var.region

  default_tags {
    tags = { Example = "iot-alerts" }
  }
}

module "eddy" {
  source = "../.."

  name       = "eddy-iot"
  table_name = "RealTimeDataTable"

  alert_rules = [
    {
      name     = "temperature-crossed-80"
      severity = "CRITICAL"
      message  = "Sensor {keys.id} crossed 80 degrees: {new.temperature}"
      pattern = jsonencode({
        "$or" = [
          {
            kind = ["UPDATED"]
            old  = { temperature = [{ numeric = ["<=", 80] }] }
            new  = { temperature = [{ numeric = [">", 80] }] }
          },
          {
            kind = ["CREATED"]
            new  = { temperature = [{ numeric = [">", 80] }] }
          },
        ]
      })
    },
    {
      name     = "reading-expired"
      severity = "WARNING"
      pattern  = jsonencode({ kind = ["EXPIRED"] })
    },
  ]

  projections = [
    {
      name         = "latest-reading"
      type         = "latest"
      partitionKey = "id"
      attributes   = { temperature = "temperature", status = "status" }
      onDelete     = "mark"
      onExpire     = "mark"
    },
  ]

  alert_email_subscriptions = [for address in var.alert_emails : { address = address, severities = ["CRITICAL", "WARNING"] }]
  alarm_email_addresses     = var.alert_emails

  # An example is meant to be destroyed again.
  deletion_protection_enabled = false

  tags = { Owner = var.owner }
}
