/** MySQL, MariaDB and PostgreSQL allow 15 read replicas per source; Aurora 15 readers per cluster. */
export const ENGINE_REPLICA_LIMIT = 15;
