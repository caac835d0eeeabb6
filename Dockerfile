# The bot in a container: one process serves every configured messenger.
#   docker build -t tocds-bot .
#   docker run -e TELEGRAM_BOT_TOKEN=... -v tocds-data:/app/data tocds-bot
# The database and the files the bot publishes live in /app/data: keep it on a volume.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# Everything the package needs, whatever its folders (.dockerignore keeps out the rest).
COPY . .
RUN pip install . \
    && useradd --system --uid 10001 --home /app bot \
    && mkdir -p /app/data && chown bot /app/data
USER bot
VOLUME ["/app/data"]
# 8443: Telegram webhook, 8444: Zalo webhook (only in webhook mode); /healthz on each.
EXPOSE 8443 8444
STOPSIGNAL SIGTERM
CMD ["python", "bot.py", "--config", "config.yaml"]
