"""deploy/k8s/: valid Kubernetes objects (kubernetes-validate, offline schemas) that agree with
the image, the environment template, the health endpoints and the management commands."""

import re

import kubernetes_validate
import pytest
import yaml
from django.core.management import get_commands, load_command_class
from django.test import Client, override_settings

from tests.deploy.image import ROOT, cmd, healthcheck_cmd, image_env, instruction_values, user

K8S = ROOT / "deploy" / "k8s"
# preStop's sleep action (web.yaml) needs Kubernetes 1.30; the newest bundled schema is checked too.
KUBERNETES_VERSIONS = ["1.30.0", kubernetes_validate.utils.latest_version()]
LIVE_PATH, READY_PATH = "/health/live/", "/health/ready/"


def _kustomization() -> dict:
    return yaml.safe_load((K8S / "kustomization.yaml").read_text())


def _objects() -> list[dict]:
    objects = []
    for name in _kustomization()["resources"]:
        objects.extend(doc for doc in yaml.safe_load_all((K8S / name).read_text()) if doc)
    return objects


def _object(kind: str, name: str) -> dict:
    (found,) = [o for o in _objects() if o["kind"] == kind and o["metadata"]["name"] == name]
    return found


def _pod_specs() -> dict[str, dict]:
    """{kind/name: pod spec} of every object that runs pods."""
    specs = {}
    for obj in _objects():
        spec = obj.get("spec", {})
        if obj["kind"] == "CronJob":
            spec = spec["jobTemplate"]["spec"]
        if "template" in spec:
            specs[f"{obj['kind']}/{obj['metadata']['name']}"] = spec["template"]["spec"]
    return specs


def _containers() -> dict[str, dict]:
    return {
        f"{where}/{container['name']}": container
        for where, spec in _pod_specs().items()
        for container in spec["containers"]
    }


def _env_example_names() -> set[str]:
    """Variables in deploy/env.example, set or commented out (``# NAME=``)."""
    text = (ROOT / "deploy" / "env.example").read_text()
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", text, re.MULTILINE))


def test_kustomization_lists_every_manifest():
    manifests = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert sorted(_kustomization()["resources"]) == sorted(manifests)


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_manifests_are_valid_kubernetes_objects(version):
    """Strict: an unknown or misspelt field fails too, not only a wrong type."""
    for obj in _objects():
        kubernetes_validate.validate(obj, version, strict=True)


def test_validation_catches_a_misspelt_field():
    """The validator is not a no-op: a probe with ``paht`` fails it."""
    web = _object("Deployment", "campaign-cms-web")
    web["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"]["paht"] = "/"
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(web, KUBERNETES_VERSIONS[-1], strict=True)


def test_expected_objects():
    kinds = sorted((o["kind"], o["metadata"]["name"]) for o in _objects())
    assert kinds == [
        ("ConfigMap", "campaign-cms"),
        ("CronJob", "campaign-cms-participation-retention"),
        ("CronJob", "campaign-cms-publish-scheduled"),
        ("Deployment", "campaign-cms-web"),
        ("Deployment", "campaign-cms-worker"),
        ("HorizontalPodAutoscaler", "campaign-cms-web"),
        ("Ingress", "campaign-cms"),
        ("Job", "campaign-cms-migrate"),
        ("PodDisruptionBudget", "campaign-cms-web"),
        ("Service", "campaign-cms-web"),
    ]


def test_no_secret_is_committed():
    """Secrets are referenced (envFrom secretRef, the Ingress' TLS) and created in the cluster."""
    assert all(o["kind"] != "Secret" for o in _objects())


def test_every_variable_the_manifests_set_is_in_env_example():
    names = set(_object("ConfigMap", "campaign-cms")["data"])
    for container in _containers().values():
        names |= {variable["name"] for variable in container.get("env", [])}
    assert names - _env_example_names() == set()


def test_every_variable_the_image_sets_is_in_env_example():
    image = set(image_env()) - {"PATH", "HOME", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"}
    assert image - _env_example_names() == set()


def test_every_container_gets_the_same_environment_and_image():
    image = _kustomization()["images"][0]["name"]
    for where, container in _containers().items():
        assert container["image"] == image, where
        assert container["envFrom"] == [
            {"configMapRef": {"name": "campaign-cms"}},
            {"secretRef": {"name": "campaign-cms-secrets"}},
        ], where


def test_pods_run_as_the_image_user_with_a_read_only_root():
    uid, gid = user()
    for where, spec in _pod_specs().items():
        assert spec["securityContext"]["runAsNonRoot"] is True, where
        assert (spec["securityContext"]["runAsUser"], spec["securityContext"]["runAsGroup"]) == (
            uid,
            gid,
        ), where
        assert spec["automountServiceAccountToken"] is False, where
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["readOnlyRootFilesystem"] is True, where
            assert context["allowPrivilegeEscalation"] is False, where
            assert context["capabilities"]["drop"] == ["ALL"], where
            # The one writable place: /tmp (gunicorn's heartbeat files, upload spooling).
            mounts = {m["mountPath"] for m in container["volumeMounts"]}
            assert mounts == {"/tmp"}, where
            assert {"cpu", "memory"} <= set(container["resources"]["requests"]), where
            assert "memory" in container["resources"]["limits"], where


def test_web_runs_the_image_cmd_on_its_port():
    (web,) = _object("Deployment", "campaign-cms-web")["spec"]["template"]["spec"]["containers"]
    assert web["command"] == cmd()
    (port,) = web["ports"]
    assert str(port["containerPort"]) == instruction_values("EXPOSE")[0]
    assert image_env()["GUNICORN_BIND"].endswith(f":{port['containerPort']}")


def test_probes_use_the_health_endpoints():
    (web,) = _object("Deployment", "campaign-cms-web")["spec"]["template"]["spec"]["containers"]
    assert web["livenessProbe"]["httpGet"]["path"] == LIVE_PATH
    assert web["startupProbe"]["httpGet"]["path"] == LIVE_PATH
    assert web["readinessProbe"]["httpGet"]["path"] == READY_PATH
    assert healthcheck_cmd()[-1] == LIVE_PATH


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LIVE_PATH, READY_PATH])
def test_probe_paths_answer_200_without_a_known_host(path):
    """What the kubelet sends: the pod's address as Host, plain HTTP."""
    response = Client().get(path, HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def _manage_py_commands() -> dict[str, list[str]]:
    return {
        where: container["command"]
        for where, container in _containers().items()
        if container["command"][:2] == ["python", "manage.py"]
    }


def test_management_commands_exist_and_take_their_arguments():
    """Each ``python manage.py NAME ARGS`` in the manifests names a command of this project and
    its arguments parse (a renamed option would stop the pod at start)."""
    commands = _manage_py_commands()
    assert sorted(c[2] for c in commands.values()) == [
        "db_worker",
        "migrate",
        "participation_retention",
        "publish_scheduled",
    ]
    known = get_commands()
    # The pods' task backend (the tests' is the immediate one, which db_worker refuses).
    assert _object("ConfigMap", "campaign-cms")["data"]["TASKS_BACKEND"] == "database"
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        for where, command in commands.items():
            name, arguments = command[2], command[3:]
            assert name in known, where
            parser = load_command_class(known[name], name).create_parser("manage.py", name)
            parser.parse_args(arguments)


def test_publish_scheduled_runs_every_minute_never_twice_at_once():
    cron = _object("CronJob", "campaign-cms-publish-scheduled")["spec"]
    assert cron["schedule"] == "* * * * *"
    assert cron["concurrencyPolicy"] == "Forbid"
    assert cron["startingDeadlineSeconds"] < 60


def test_hpa_scales_the_web_deployment_within_the_connection_budget():
    """maxReplicas x workers x threads database connections: deploy/README.md, "Sizing",
    sizes PostgreSQL (or PgBouncer) for at most 100 from the web pods."""
    hpa = _object("HorizontalPodAutoscaler", "campaign-cms-web")["spec"]
    assert hpa["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": "campaign-cms-web",
    }
    config = _object("ConfigMap", "campaign-cms")["data"]
    per_pod = int(config["GUNICORN_WORKERS"]) * int(config["GUNICORN_THREADS"])
    assert hpa["maxReplicas"] * per_pod <= 100
    assert hpa["minReplicas"] >= 2


def test_no_autoscaled_workload_sets_its_replicas():
    """A `replicas` field on a workload an HPA scales is reset by every `kubectl apply`."""
    for hpa in [obj for obj in _objects() if obj["kind"] == "HorizontalPodAutoscaler"]:
        target = hpa["spec"]["scaleTargetRef"]
        workload = _object(target["kind"], target["name"])
        assert "replicas" not in workload["spec"], target["name"]


def test_service_and_ingress_reach_the_web_pods():
    web = _object("Deployment", "campaign-cms-web")["spec"]
    service = _object("Service", "campaign-cms-web")["spec"]
    assert service["selector"].items() <= web["template"]["metadata"]["labels"].items()
    assert web["selector"]["matchLabels"] == service["selector"]
    (port,) = service["ports"]
    assert port["targetPort"] == "http"
    (rule,) = _object("Ingress", "campaign-cms")["spec"]["rules"]
    backend = rule["http"]["paths"][0]["backend"]["service"]
    assert backend == {"name": "campaign-cms-web", "port": {"name": "http"}}
    config = _object("ConfigMap", "campaign-cms")["data"]
    assert rule["host"] in config["ALLOWED_HOSTS"].split(",")


def test_participation_retention_runs_hourly_never_twice_at_once_and_retries():
    """Unconfirmed sign-ups (days) and unsent contact messages (hours) must be deleted on time:
    the command runs at least hourly, and a failed run is retried."""
    cron = _object("CronJob", "campaign-cms-participation-retention")["spec"]
    minute, hour, *rest = cron["schedule"].split()
    assert minute.isdigit() and hour == "*" and rest == ["*", "*", "*"]
    assert cron["concurrencyPolicy"] == "Forbid"
    assert cron["startingDeadlineSeconds"] < 3600
    job = cron["jobTemplate"]["spec"]
    assert job["backoffLimit"] >= 1
    (container,) = job["template"]["spec"]["containers"]
    assert container["command"] == ["python", "manage.py", "participation_retention"]


def test_the_retention_cronjob_deletes_what_is_past_its_retention(db, campaign_tree):
    """The CronJob's command, run as the pod runs it, deletes an expired contact message."""
    import datetime
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from participation.models import ContactMessage

    message = ContactMessage.objects.create(
        site=campaign_tree.site, name="A", email="a@example.org", message="Hi", locale="en"
    )
    ContactMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    cron = _object("CronJob", "campaign-cms-participation-retention")["spec"]
    (container,) = cron["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    name, *arguments = container["command"][2:]

    out = io.StringIO()
    call_command(name, *arguments, stdout=out)

    assert "1 unsent contact messages" in out.getvalue()
    assert not ContactMessage.objects.exists()
