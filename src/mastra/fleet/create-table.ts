import type { Pool } from "pg";

/** Postgres's answers when another server created the same table a moment before: harmless here. */
const CREATED_MEANWHILE = new Set(["23505", "42P07"]);

/**
 * `CREATE TABLE IF NOT EXISTS` as servers starting together can run it: two at once may both find
 * the table missing, and the second then fails on the catalog's unique index although the table now
 * exists. That failure is taken as success.
 */
export async function createTable(pool: Pool, statement: string): Promise<void> {
  try {
    await pool.query(statement);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !CREATED_MEANWHILE.has(code)) throw error;
  }
}
