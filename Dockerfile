# The service's image, built from the packaged jar (mvn -DskipTests package first):
#   docker build -t token-authority .
# It reads only what the jar reads: spring.datasource.* from the environment (SPRING_DATASOURCE_URL,
# SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD) and the keys from the environment or from files
# (docker-compose.yml mounts them as secrets). Nothing secret is baked into the image.
# The jar runs extracted with a class-data-sharing archive made at build time (deploy/cds-archive.sh: one
# training run on a throwaway data directory, removed with it): a faster start, the same service.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/token-authority --create-home token-authority
COPY app/target/token-authority.jar /opt/token-authority/token-authority.jar
COPY deploy/cds-archive.sh /opt/token-authority/cds-archive.sh
RUN /opt/token-authority/cds-archive.sh /opt/token-authority/token-authority.jar /opt/token-authority/cds \
    && rm /opt/token-authority/token-authority.jar
USER token-authority
WORKDIR /var/lib/token-authority
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=/opt/token-authority/cds/app.jsa", \
            "-jar", "/opt/token-authority/cds/app/token-authority.jar", \
            "--token-authority.data-dir=/var/lib/token-authority/data"]
