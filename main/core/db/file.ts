/** The database's file name inside the data folder. Its own module: restore and the CLI need it without the whole core. */
export const DB_FILE = 'balai.sqlite';
