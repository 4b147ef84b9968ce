from django.apps import AppConfig


class CostcentersConfig(AppConfig):
    name = "costcenters"
