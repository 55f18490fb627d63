// The login form: the control plane's user names and passwords, checked by the container's broker.
import {api} from './api.js';
import {h} from './dom.js';

/** Shows the form in root, with the reason the page came back to it if any; resolves with the session once a login succeeds. */
export function showLogin(root, reason) {
  return new Promise((resolve) => {
    const user = h('input', {id: 'login-user', name: 'user', autocomplete: 'username', required: true});
    const password = h('input', {
      id: 'login-password',
      name: 'password',
      type: 'password',
      autocomplete: 'current-password',
      required: true,
    });
    const error = h('p', {class: 'error', id: 'login-error', role: 'alert'}, reason ?? '');
    const submit = h('button', {type: 'submit', id: 'login-submit'}, 'Log in');
    const form = h(
      'form',
      {class: 'login', id: 'login-form'},
      h('h1', {}, 'Armature'),
      h('label', {for: 'login-user'}, 'User'),
      user,
      h('label', {for: 'login-password'}, 'Password'),
      password,
      submit,
      error,
      h('p', {class: 'hint'}, 'Users are the control plane\'s: ./armature access add NAME --role operator|observer'),
    );
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      submit.disabled = true;
      error.textContent = '';
      try {
        resolve(await api.login(user.value, password.value));
      } catch (err) {
        error.textContent = err.message;
        submit.disabled = false;
      }
    });
    root.replaceChildren(form);
    user.focus();
  });
}
