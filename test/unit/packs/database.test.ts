// Database pack: destructive SQL wherever it is sent (flags, stdin, heredocs, wrappers), database CLIs, framework resets.
import { describe, expect, test } from 'vitest';
import { expectAllowed, expectAsks, expectDenied, expectNoDeny, expectNoFriction, expectSuggestsAlternative } from '../helpers/classify.js';

describe('DROP DATABASE and DROP SCHEMA', () => {
  test.each([
    'psql -c "DROP DATABASE prod"',
    'psql -c "drop database prod;"',
    'psql -c "DROP SCHEMA public CASCADE"',
    'psql -c "DROP DATABASE IF EXISTS prod"',
    'psql --command="DROP DATABASE prod"',
    'psql "postgres://u@h/db" -c "DROP DATABASE x"',
    'psql -U postgres -h db.internal -c "DROP DATABASE prod"',
    'mysql -e "DROP DATABASE prod"',
    'mysql -u root -p -e "drop schema prod"',
    'mariadb -e "DROP DATABASE prod"',
    'psql <<< "DROP DATABASE prod"',
    'psql <<EOF\nDROP DATABASE prod;\nEOF',
    'echo "DROP DATABASE prod;" | psql',
    "printf 'DROP DATABASE prod;' | mysql",
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'db.sql.drop-database');
  });

  test.each([
    'sudo -u postgres psql -c "DROP DATABASE prod"',
    'PGPASSWORD=x psql -c "DROP DATABASE prod"',
    'PGPASSWORD="s3cret pass" psql -c "DROP DATABASE prod"',
    "bash -c 'psql -c \"DROP DATABASE prod\"'",
    "ssh db 'psql -c \"DROP DATABASE prod\"'",
    'docker exec -it pg psql -U postgres -c "DROP DATABASE prod"',
    'docker compose exec db psql -c "DROP DATABASE prod"',
    'kubectl exec pg-0 -- psql -c "DROP DATABASE prod"',
    'kubectl exec -it pg-0 -n db -- psql -c "DROP DATABASE prod"',
    'cd db && psql -c "DROP DATABASE prod"',
  ])('behind a wrapper: %s is denied', async (cmd) => {
    await expectDenied(cmd, 'db.sql.drop-database');
  });

  test('the refusal suggests taking a backup and running it yourself', async () => {
    const c = await expectDenied('psql -c "DROP DATABASE prod"', 'db.sql.drop-database');
    expectSuggestsAlternative(c, /backup/i);
  });

  test.each(['dropdb prod', 'dropdb -h db.internal prod', 'sudo -u postgres dropdb prod', 'mysqladmin drop prod', 'mysqladmin -u root -f drop prod'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'db.dropdb');
  });
});

describe('DROP TABLE and TRUNCATE', () => {
  test.each([
    'psql -c "DROP TABLE users"',
    'psql -c "DROP TABLE IF EXISTS users CASCADE"',
    "psql -c 'SELECT 1; DROP TABLE users'",
    'psql -U postgres -d prod -c "DROP TABLE users"',
    'mysql -u root -p -e "DROP TABLE x"',
    'sqlite3 app.db "DROP TABLE users"',
    'duckdb -c "DROP TABLE t"',
    'clickhouse-client --query "DROP TABLE t"',
    'psql -c "/* cleanup */ DROP TABLE users"',
    'echo "DROP TABLE users;" | psql',
    'echo "DROP TABLE users;" | mysql',
    'psql <<EOF\nBEGIN;\nDROP TABLE users;\nCOMMIT;\nEOF',
    'mysql <<< "drop table users"',
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'db.sql.drop-table');
  });

  test.each(['psql -c "TRUNCATE users"', 'psql -c "TRUNCATE TABLE users"', 'mysql --execute="TRUNCATE t"', 'psql -c "truncate table a, b restart identity"'])(
    '%s is denied',
    async (cmd) => {
      await expectDenied(cmd, 'db.sql.truncate');
    },
  );
});

describe('DELETE and UPDATE', () => {
  test.each([
    'psql -c "DELETE FROM t"',
    'psql -c "delete from t;"',
    'psql -c "DELETE FROM t WHERE 1=1"',
    'psql -c "delete from t where 1 = 1"',
    'psql -c "DELETE FROM t WHERE true"',
    'psql -c "WITH x AS (SELECT 1) DELETE FROM t"',
    'sqlite3 app.db "DELETE FROM users"',
    'mysql -e "DELETE FROM sessions"',
  ])('%s (every row) is denied', async (cmd) => {
    await expectDenied(cmd, 'db.sql.delete-all');
  });

  test.each(['psql -c "DELETE FROM t WHERE id=1"', 'psql -c "DELETE FROM t WHERE id IN (1,2) RETURNING *"', "mysql -e \"DELETE FROM sessions WHERE expires < NOW()\""])(
    '%s (some rows) asks',
    async (cmd) => {
      await expectAsks(cmd, 'db.sql.delete');
    },
  );

  test('UPDATE without WHERE asks', async () => {
    await expectAsks('psql -c "UPDATE t SET a=1"', 'db.sql.update-all');
  });

  test('UPDATE with WHERE has no friction', async () => {
    await expectNoFriction('psql -c "UPDATE t SET a=1 WHERE id=2"');
  });
});

describe('schema objects and privileges', () => {
  test.each(['psql -c "ALTER TABLE t DROP COLUMN c"', 'psql -c "DROP INDEX i"', 'psql -c "DROP VIEW v"', 'psql -c "DROP FUNCTION f()"', 'psql -c "DROP ROLE bob"'])(
    '%s asks',
    async (cmd) => {
      await expectAsks(cmd, 'db.sql.alter-drop');
    },
  );

  test.each(['psql -c "GRANT ALL ON ALL TABLES IN SCHEMA public TO bob"', 'psql -c "ALTER USER bob WITH SUPERUSER"'])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'db.sql.privilege');
  });
});

describe('MongoDB and Redis', () => {
  test.each(['mongosh --eval "db.dropDatabase()"', "mongo prod --eval 'db.users.drop()'", 'mongosh --eval "db.users.deleteMany({})"', 'mongosh --eval "db.users.remove({})"'])(
    '%s is denied',
    async (cmd) => {
      await expectDenied(cmd, 'db.mongo.drop');
    },
  );

  test.each(['redis-cli flushall', 'redis-cli FLUSHDB', 'redis-cli -h prod -p 6379 flushall', 'redis-cli -n 2 FLUSHDB ASYNC', 'echo FLUSHALL | redis-cli'])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'db.flushall');
  });

  test.each(['mongosh --eval "db.users.find()"', 'redis-cli get key', 'redis-cli keys "*"', 'redis-cli ping'])('%s has no friction', async (cmd) => {
    await expectNoFriction(cmd);
  });
});

describe('framework commands that wipe or roll back a database', () => {
  test.each([
    'rails db:drop',
    'rails db:reset',
    'bin/rails db:drop',
    'rake db:drop',
    'RAILS_ENV=production rails db:schema:load',
    'php artisan migrate:fresh',
    'php artisan migrate:reset',
    'python manage.py flush',
    'python3 manage.py flush --noinput',
    './manage.py flush',
    'prisma migrate reset --force',
    'prisma db push --force-reset',
    'npx prisma migrate reset',
    'npx prisma db push --accept-data-loss',
    'alembic downgrade base',
    'npx sequelize db:migrate:undo:all',
    'npx sequelize-cli db:drop',
    'yarn prisma migrate reset',
    'mix ecto.reset',
  ])('%s asks', async (cmd) => {
    await expectAsks(cmd, 'db.reset');
  });

  test.each(['rails db:migrate', 'bin/rails db:migrate', 'php artisan migrate', 'python manage.py migrate', 'npx prisma migrate dev', 'npx prisma generate', 'alembic upgrade head'])(
    '%s has no friction',
    async (cmd) => {
      await expectNoFriction(cmd);
    },
  );
});

describe('SQL inside inline code', () => {
  test.each([
    "python -c \"import sqlite3; sqlite3.connect('app.db').execute('DROP TABLE users')\"",
    "node -e \"require('pg').Pool().query('DROP TABLE users')\"",
    "ruby -e 'ActiveRecord::Base.connection.execute(\"DROP TABLE users\")'",
  ])('%s is denied', async (cmd) => {
    await expectDenied(cmd, 'db.sql.drop-table');
  });
});

describe('SQL as data is never refused', () => {
  test.each([
    'echo "DROP TABLE users"',
    'grep -r "DROP TABLE" migrations/',
    'cat schema.sql',
    "rg -i 'truncate table' db/",
    'cat <<EOF\nDROP DATABASE prod;\nEOF',
  ])('%s is allowed', async (cmd) => {
    await expectAllowed(cmd);
  });

  test.each([
    'git commit -m "DROP TABLE users"',
    'git commit -m "migration: drop table legacy_sessions"',
    "tee migrations/002_drop.sql <<'EOF'\nDROP TABLE legacy;\nEOF",
    'echo "DELETE FROM t" > query.sql',
    'psql -c "SELECT \'DROP TABLE x\'"',
    'psql -c "SELECT * FROM audit WHERE action = \'DELETE FROM users\'"',
    'psql --help',
    'dropdb --help',
    'psql -c "\\dt"',
  ])('%s is not denied', async (cmd) => {
    await expectNoDeny(cmd);
  });

  test.each(['psql -c "SELECT * FROM t"', 'sqlite3 app.db ".tables"', 'sqlite3 app.db "SELECT * FROM users"', 'psql -f migrate.sql', 'psql < dump.sql', 'mysql -e "SHOW TABLES"'])(
    '%s has no friction',
    async (cmd) => {
      await expectNoFriction(cmd);
    },
  );
});

describe('prose that starts like SQL is not SQL', () => {
  test.each([
    'gh pr create --title "delete the old endpoint"',
    'gh issue create --title "Delete stale branches"',
    'gh pr create --title "Drop table support for IE11"',
    'glab mr create --title "delete unused code"',
    'jira issue create -s "Truncate long titles in UI"',
    'todo add "drop database backups from /tmp"',
  ])('%s is not denied', async (cmd) => {
    await expectNoDeny(cmd);
  });
});

describe('reasons', () => {
  test('the decision cites the command that carried the SQL', async () => {
    const c = await expectDenied('echo "DROP TABLE users;" | psql', 'db.sql.drop-table');
    expect(c.reason).toMatch(/DROP TABLE/);
  });
});
