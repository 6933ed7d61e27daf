import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { admin, type TestSandbox } from './app.js';

/**
 * A minimal browser over `app.inject` for portal tests: keeps the cookies the portal sets, follows
 * nothing by itself, and posts forms with the CSRF token of the last page it read.
 */
export class Navigateur {
  private cookies = new Map<string, string>();
  private csrf = '';
  dernier: LightMyRequestResponse | undefined;

  constructor(
    private readonly app: FastifyInstance,
    readonly base: string,
  ) {}

  private retenir(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string }[]) this.cookies.set(c.name, c.value);
    const jeton = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (jeton) this.csrf = jeton;
    this.dernier = res;
    return res;
  }

  private get cookie(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(chemin: string): Promise<LightMyRequestResponse> {
    return this.retenir(await this.app.inject({ method: 'GET', url: `${this.base}${chemin}`, headers: { cookie: this.cookie } }));
  }

  /** Posts a form; `_csrf` is the last page's token unless the test gives its own. */
  async post(chemin: string, champs: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
    const corps = new URLSearchParams();
    if (!('_csrf' in champs)) corps.append('_csrf', this.csrf);
    for (const [k, v] of Object.entries(champs)) for (const x of Array.isArray(v) ? v : [v]) corps.append(k, x);
    return this.retenir(
      await this.app.inject({
        method: 'POST',
        url: `${this.base}${chemin}`,
        headers: { cookie: this.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: corps.toString(),
      }),
    );
  }

  /**
   * Posts a multipart form (file uploads) as a browser does: `_csrf` first, the last page's token
   * unless the test gives its own (or `null`: none), then the text fields, then the file, if any.
   */
  async postMultipart(
    chemin: string,
    champs: Record<string, string> = {},
    fichier?: { champ?: string; nom: string; type: string; contenu: Buffer },
    jeton: string | null = this.csrf,
  ): Promise<LightMyRequestResponse> {
    const limite = `----navigateur${Math.random().toString(16).slice(2)}`;
    const parties: Buffer[] = [];
    const texte = jeton === null ? champs : { _csrf: jeton, ...champs };
    for (const [k, v] of Object.entries(texte)) parties.push(Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
    if (fichier) {
      parties.push(
        Buffer.from(`--${limite}\r\nContent-Disposition: form-data; name="${fichier.champ ?? 'fichier'}"; filename="${fichier.nom}"\r\nContent-Type: ${fichier.type}\r\n\r\n`),
        fichier.contenu,
        Buffer.from('\r\n'),
      );
    }
    parties.push(Buffer.from(`--${limite}--\r\n`));
    return this.retenir(
      await this.app.inject({
        method: 'POST',
        url: `${this.base}${chemin}`,
        headers: { cookie: this.cookie, 'content-type': `multipart/form-data; boundary=${limite}` },
        payload: Buffer.concat(parties),
      }),
    );
  }

  /** Follows a 303/302 answer once. */
  async suivre(res: LightMyRequestResponse = this.dernier!): Promise<LightMyRequestResponse> {
    const lieu = res.headers.location;
    if (typeof lieu !== 'string') throw new Error(`no redirect: ${res.statusCode}`);
    return this.retenir(await this.app.inject({ method: 'GET', url: lieu, headers: { cookie: this.cookie } }));
  }
}

export function portailDe(sandbox: TestSandbox | string): string {
  return `/portail/${typeof sandbox === 'string' ? sandbox : sandbox.id}`;
}

/** The outbox of a sandbox, most recent first (control plane). */
export async function courriels(app: FastifyInstance, sandboxId: string, login?: string): Promise<{ a: string; sujet: string; corps: string; nature: string }[]> {
  const res = await app.inject({ method: 'GET', url: `/_sandbox/sandboxes/${sandboxId}/outbox${login ? `?login=${encodeURIComponent(login)}` : ''}`, headers: admin });
  return res.json().courriels;
}

/** The last second-factor code e-mailed to `login`. */
export async function dernierCode(app: FastifyInstance, sandboxId: string, login: string): Promise<string> {
  const mail = (await courriels(app, sandboxId, login)).find((c) => c.nature === 'SECOND_FACTEUR');
  const code = mail && /est : (\d{6})/.exec(mail.corps)?.[1];
  if (!code) throw new Error(`no second-factor code for ${login}`);
  return code;
}

/** Logs in through the pages as a person would, code from the outbox included; returns the home page. */
export async function seConnecter(app: FastifyInstance, nav: Navigateur, sandboxId: string, login: string, motDePasse: string): Promise<LightMyRequestResponse> {
  await nav.get('/connexion');
  const res = await nav.post('/connexion', { login, motDePasse });
  if (res.statusCode !== 303) throw new Error(`login refused: ${res.statusCode}`);
  if (String(res.headers.location).endsWith('/connexion/code')) {
    await nav.suivre(res);
    const r2 = await nav.post('/connexion/code', { code: await dernierCode(app, sandboxId, login) });
    if (r2.statusCode !== 303) throw new Error(`code refused: ${r2.statusCode}`);
    return nav.suivre(r2);
  }
  return nav.suivre(res);
}
