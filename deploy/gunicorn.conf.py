"""gunicorn settings for `bin/serve` (the production server). Each can be changed through the environment."""

import multiprocessing
import os

bind = os.environ.get("CHATDONG_BIND", "127.0.0.1:8000")
# Requests are mostly Python work (rendering, rules): processes, not threads, use the cores. gunicorn's own advice.
workers = int(os.environ.get("CHATDONG_WORKERS", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("CHATDONG_THREADS", "1"))
timeout = int(os.environ.get("CHATDONG_TIMEOUT", "60"))
graceful_timeout = 30
# A worker is replaced after this many requests, so that a slow leak never grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Load the application once, in the master: an unsafe configuration stops the start before any worker forks
# (chatdong.wsgi runs the production checks), and the workers share the loaded code.
preload_app = True

# The access log never shows a query string: searches carry names, birth dates and resident numbers. %(U)s is
# the path alone; the path holds only record numbers.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("CHATDONG_LOG_LEVEL", "info")
# Behind a proxy on another host, CHATDONG_TRUSTED_PROXIES (settings) decides which X-Forwarded-For to believe;
# gunicorn itself only needs to know the proxies for X-Forwarded-Proto, which settings handles
# (CHATDONG_PROXY_SSL_HEADER). So gunicorn trusts none of them.
forwarded_allow_ips = ""
