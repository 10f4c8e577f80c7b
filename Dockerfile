# syntax=docker/dockerfile:1.14
# (COPY --chmod with symbolic modes such as a-w needs this frontend or newer.)
# OneTime server image: multi-stage, runs as a non-root user, works with a read-only root
# filesystem; SQLite data lives on the /data volume.
#   docker build -t onetime .
#   docker run -p 8080:8080 -v onetime-data:/data --read-only --tmpfs /tmp onetime

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
# npm fetches markdown-it and DOMPurify for the pages during the build.
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN dotnet publish src/OneTime.Server -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build --chown=root:root --chmod=a-w /app ./
RUN mkdir /data && chown "$APP_UID" /data
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    OneTime__Storage__ConnectionString="Data Source=/data/onetime.db" \
    DOTNET_gcServer=0
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["dotnet", "OneTime.Server.dll", "probe", "http://localhost:8080/readyz"]
ENTRYPOINT ["dotnet", "OneTime.Server.dll"]
