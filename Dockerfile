# One image for every app service of docker-compose.yml: web, worker, beat, migrate, backup.
FROM python:3.11-slim-bookworm
# nodejs/npm: the chart library (unionreg.assets); postgresql-client (15, as the db service):
# pg_dump and pg_restore for the backup service and `manage.py restore`; fonts-noto-cjk: the
# Chinese font of the PNG/PDF join posters (members/joining/poster_font.py).
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm postgresql-client fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml package.json package-lock.json ./
COPY . .
RUN pip install --no-cache-dir -e . && python -m unionreg.assets
# Not root: the processes own nothing but /data (the appdata volume: files, metrics, static).
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home app \
    && mkdir -p /data /backups && chown app:app /data /backups
ENV PYTHONUNBUFFERED=1 VAR_DIR=/data
USER app:app
EXPOSE 8000
