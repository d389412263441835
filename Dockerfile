# Production image of PIM Dashboard: gunicorn serving Django, static files through
# WhiteNoise. Needs DATABASE_URL and SECRET_KEY at run time.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The embedded PostgreSQL (pgserver) is for machines without a database server;
# a production container always gets DATABASE_URL, so it is left out.
COPY requirements.txt .
RUN grep -v '^pgserver==' requirements.txt > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# collectstatic reads the settings, which insist on a secret and a database URL;
# neither is used at build time, and neither is kept in the image.
RUN SECRET_KEY=collectstatic-only-build-time-placeholder-value \
    DATABASE_URL=postgres://build@127.0.0.1:1/build \
    python manage.py collectstatic --noinput --verbosity 0 \
    && useradd --system --uid 10001 --home-dir /app pim \
    && mkdir -p /app/var/media && chown -R pim /app/var/media

USER pim
EXPOSE 8000

# gunicorn.conf.py holds the timeouts; the proxy in front sets X-Forwarded-*.
ENV GUNICORN_BIND=0.0.0.0:8000 WEB_CONCURRENCY=3 FORWARDED_ALLOW_IPS=*
CMD ["sh", "-c", ": \"${DATABASE_URL:?DATABASE_URL must be set}\" && exec gunicorn --config gunicorn.conf.py"]
