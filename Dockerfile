# The service's image, built from the packaged jar (mvn -DskipTests package first):
#   docker build -t token-authority .
# It reads only what the jar reads: spring.datasource.* from the environment (SPRING_DATASOURCE_URL,
# SPRING_DATASOURCE_USERNAME, SPRING_DATASOURCE_PASSWORD) and the keys from the environment or from files
# (docker-compose.yml mounts them as secrets). Nothing secret is baked into the image.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /var/lib/token-authority --create-home token-authority
COPY app/target/token-authority.jar /opt/token-authority/token-authority.jar
USER token-authority
WORKDIR /var/lib/token-authority
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/token-authority/token-authority.jar", \
            "--token-authority.data-dir=/var/lib/token-authority/data"]
