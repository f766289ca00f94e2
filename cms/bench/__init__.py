"""The HTTP benchmark (``make bench``; ``manage.py bench``): GraphQL against Wagtail's API v2.

Modules: ``api`` declares what Wagtail's API v2 serves (benchmark only), ``urls`` the benchmark
server's URLs, ``workload`` the requests each scenario sends and how an answer is checked,
``load`` the load generator, the gunicorn server it drives and the workers' memory.
"""
