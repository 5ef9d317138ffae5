// The hosted setup page's words. English, Spanish and Portuguese are written out; the other languages
// Kapso lists (hi, id, ar) fall back to English until someone translates them properly.

const en = {
  title: (customer: string) => `Connect WhatsApp for ${customer}`,
  intro: (project: string) => `${project} asks you to connect a WhatsApp number. It takes a minute.`,
  sandbox: "Sandbox number",
  sandboxHint: "A simulated number for trying things out. Nothing reaches real phones.",
  live: "Your WhatsApp Business number",
  liveHint:
    "Paste the credentials from Meta's app dashboard; they are checked with Meta before anything is saved.",
  phoneNumberId: "Phone number ID",
  wabaId: "WhatsApp Business Account ID",
  accessToken: "Access token",
  appSecret: "App secret",
  verifyToken: "Verify token (choose one, at least 8 characters)",
  connectSandbox: "Create sandbox number",
  connectLive: "Check and connect",
  connecting: "Connecting…",
  done: "Connected",
  doneText: (number: string) => `${number} is connected. You can close this page.`,
  redirecting: "Connected. Taking you back…",
  used: "This link was already used",
  usedText: "A number was already connected with it. Ask for a new link if you need to connect another.",
  expired: "This link has expired",
  expiredText:
    "It is no longer valid (links last 30 days, and a newer link replaces an older one). Ask for a new one.",
  invalid: "This link is not valid",
  invalidText: "Check that you copied the whole link, or ask for a new one.",
  back: "Go back",
  choose: "How do you want to connect?",
};

type Strings = typeof en;

const es: Strings = {
  ...en,
  title: (c) => `Conecta WhatsApp para ${c}`,
  intro: (p) => `${p} te pide conectar un número de WhatsApp. Tarda un minuto.`,
  sandbox: "Número de prueba",
  sandboxHint: "Un número simulado para probar. Nada llega a teléfonos reales.",
  live: "Tu número de WhatsApp Business",
  liveHint:
    "Pega las credenciales del panel de tu app de Meta; se comprueban con Meta antes de guardar nada.",
  phoneNumberId: "ID del número de teléfono",
  wabaId: "ID de la cuenta de WhatsApp Business",
  accessToken: "Token de acceso",
  appSecret: "Secreto de la app",
  verifyToken: "Token de verificación (elige uno, al menos 8 caracteres)",
  connectSandbox: "Crear número de prueba",
  connectLive: "Comprobar y conectar",
  connecting: "Conectando…",
  done: "Conectado",
  doneText: (n) => `${n} está conectado. Puedes cerrar esta página.`,
  redirecting: "Conectado. Volviendo…",
  used: "Este enlace ya se usó",
  usedText: "Ya se conectó un número con él. Pide un enlace nuevo si necesitas conectar otro.",
  expired: "Este enlace ha caducado",
  expiredText:
    "Ya no es válido (los enlaces duran 30 días y uno nuevo sustituye al anterior). Pide uno nuevo.",
  invalid: "Este enlace no es válido",
  invalidText: "Comprueba que copiaste el enlace completo o pide uno nuevo.",
  back: "Volver",
  choose: "¿Cómo quieres conectar?",
};

const pt: Strings = {
  ...en,
  title: (c) => `Conecte o WhatsApp de ${c}`,
  intro: (p) => `${p} pede que você conecte um número de WhatsApp. Leva um minuto.`,
  sandbox: "Número de teste",
  sandboxHint: "Um número simulado para experimentar. Nada chega a telefones reais.",
  live: "Seu número do WhatsApp Business",
  liveHint:
    "Cole as credenciais do painel do seu app da Meta; elas são verificadas com a Meta antes de salvar.",
  phoneNumberId: "ID do número de telefone",
  wabaId: "ID da conta do WhatsApp Business",
  accessToken: "Token de acesso",
  appSecret: "Segredo do app",
  verifyToken: "Token de verificação (escolha um, pelo menos 8 caracteres)",
  connectSandbox: "Criar número de teste",
  connectLive: "Verificar e conectar",
  connecting: "Conectando…",
  done: "Conectado",
  doneText: (n) => `${n} está conectado. Você pode fechar esta página.`,
  redirecting: "Conectado. Voltando…",
  used: "Este link já foi usado",
  usedText: "Um número já foi conectado com ele. Peça um novo link se precisar conectar outro.",
  expired: "Este link expirou",
  expiredText: "Ele não é mais válido (os links duram 30 dias e um novo substitui o anterior). Peça um novo.",
  invalid: "Este link não é válido",
  invalidText: "Verifique se copiou o link inteiro ou peça um novo.",
  back: "Voltar",
  choose: "Como você quer conectar?",
};

export function setupStrings(language: string): Strings {
  return language === "es" ? es : language === "pt" ? pt : en;
}

/** Black or white text, whichever reads better on the theme colour. */
export function onColor(hex: string): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const [r, g, b] = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return l > 0.179 ? "#000000" : "#ffffff";
}
