from django.apps import AppConfig


class FrontendSchemaConfig(AppConfig):
    name = "frontend_schema"
    verbose_name = "GraphQL front-end schema"

    def ready(self) -> None:
        from wagtail.signals import page_published

        from frontend_schema.tasks import page_published_prerender

        page_published.connect(page_published_prerender, dispatch_uid="frontend_schema_prerender")

        from frontend_schema.signals import connect

        connect()
