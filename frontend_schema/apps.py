from django.apps import AppConfig


class FrontendSchemaConfig(AppConfig):
    name = "frontend_schema"
    verbose_name = "GraphQL front-end schema"

    def ready(self) -> None:
        from django.db import transaction
        from wagtail.signals import page_published

        from frontend_schema.tasks import page_renditions_prerender

        def prerender(sender, instance, **kwargs) -> None:
            # After the commit, so that a worker finds the published page and its references.
            transaction.on_commit(lambda: page_renditions_prerender.enqueue(page_id=instance.pk))

        page_published.connect(prerender, dispatch_uid="frontend_schema_prerender")
