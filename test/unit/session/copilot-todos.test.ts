import { describe, expect, it } from 'vitest';
import { copilotTodoChanges } from '../../../src/session/copilot-todos.js';

describe('copilotTodoChanges: the todos Copilot CLI keeps in its session database', () => {
  it('reads inserted rows, several per statement, with quotes doubled inside strings', () => {
    const q = "INSERT INTO todos (id, title, description) VALUES\n  ('user-auth', 'Creating user auth module', 'so login doesn''t depend on sessions'),\n  ('api-routes', 'Adding the API routes', NULL);";
    expect(copilotTodoChanges(q)).toEqual([
      { id: 'user-auth', subject: 'Creating user auth module', status: 'pending' },
      { id: 'api-routes', subject: 'Adding the API routes', status: 'pending' },
    ]);
  });
  it('reads status updates by id or id list; done is completed; a deleted todo is closed', () => {
    expect(copilotTodoChanges("UPDATE todos SET status = 'in_progress' WHERE id = 'user-auth'; UPDATE todos SET status = 'done', updated_at = CURRENT_TIMESTAMP WHERE id IN ('a', 'b')")).toEqual([
      { id: 'user-auth', status: 'in_progress' },
      { id: 'a', status: 'completed' },
      { id: 'b', status: 'completed' },
    ]);
    expect(copilotTodoChanges("DELETE FROM todos WHERE id = 'x'")).toEqual([{ id: 'x', status: 'completed' }]);
  });
  it('ignores queries and other tables, and a semicolon or comment inside a string', () => {
    expect(copilotTodoChanges('SELECT id, title, status FROM todos')).toEqual([]);
    expect(copilotTodoChanges("INSERT INTO todo_deps (todo_id, depends_on) VALUES ('a', 'b')")).toEqual([]);
    expect(copilotTodoChanges("-- plan\nINSERT INTO todos (id, title) VALUES ('t-1', 'Fixing a; b -- c')")).toEqual([{ id: 't-1', subject: 'Fixing a; b -- c', status: 'pending' }]);
  });
});
