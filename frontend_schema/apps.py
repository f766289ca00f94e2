from django.apps import AppConfig


class FrontendSchemaConfig(AppConfig):
    name = "frontend_schema"
    verbose_name = "GraphQL front-end schema"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save
        from wagtail.signals import page_published, post_page_move

        from frontend_schema.context import forget_site_data
        from frontend_schema.tasks import page_published_prerender

        page_published.connect(page_published_prerender, dispatch_uid="frontend_schema_prerender")
        for signal in (post_save, post_delete, post_page_move):
            signal.connect(forget_site_data, dispatch_uid="frontend_schema_site_data")

        from frontend_schema.signals import connect

        connect()
