import { ConsolePage } from './ConsolePage';

export interface NewUser {
  username: string;
  displayName: string;
  role: 'Attendant' | 'Supervisor' | 'Admin';
  kind: 'PIN (digits)' | 'Password';
  secret: string;
}

export class UsersPage extends ConsolePage {
  async open(): Promise<void> {
    await this.go('users');
    await this.page.locator('[data-testid="users-table"] tbody tr').first().waitFor();
  }

  async usernames(): Promise<string[]> {
    return this.page.locator('[data-testid="users-table"] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-user') ?? ''));
  }

  async create(u: NewUser): Promise<void> {
    await this.page.getByRole('button', { name: 'New user…' }).click();
    const form = this.page.getByTestId('create-user-form');
    await form.getByLabel('Username').fill(u.username);
    await form.getByLabel('Name shown').fill(u.displayName);
    await form.getByLabel('Role').selectOption({ label: u.role });
    await form.getByLabel('Sign-in with').selectOption({ label: u.kind });
    await form.getByLabel(u.kind === 'Password' ? 'Password' : 'PIN', { exact: true }).fill(u.secret);
    await form.getByRole('button', { name: 'Create user' }).click();
    await this.page.locator(`[data-testid="users-table"] tr[data-user="${u.username}"]`).waitFor();
  }

  async setRole(username: string, role: NewUser['role']): Promise<void> {
    await this.page.getByLabel(`Role of ${username}`).selectOption({ label: role });
  }

  async toggleActive(username: string): Promise<void> {
    await this.page.locator(`tr[data-user="${username}"]`).getByRole('button', { name: /Disable|Enable/ }).click();
  }

  async notice(): Promise<string> {
    return (await this.page.locator('.users .notice').innerText()).replace(/\s+/g, ' ').trim();
  }
}
