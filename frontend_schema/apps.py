from django.apps import AppConfig


class FrontendSchemaConfig(AppConfig):
    name = "frontend_schema"
    verbose_name = "GraphQL front-end schema"
